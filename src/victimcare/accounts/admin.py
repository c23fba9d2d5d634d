from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from victimcare.accounts.models import Organisation, PostcodeDistrict, Team, User


class PostcodeDistrictInline(admin.TabularInline):
    model = PostcodeDistrict
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    inlines = [PostcodeDistrictInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "team", "role"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Victim Care Hub", {"fields": ("organisation", "team", "role")}),
    )
