from django.contrib import admin

from victimcare.referrals.models import PeerHub


@admin.register(PeerHub)
class PeerHubAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "active"]
