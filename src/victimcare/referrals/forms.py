from django import forms
from django.conf import settings

from victimcare.core.typed_text import TypedTextForm


class FeedUploadForm(TypedTextForm):
    file = forms.FileField(
        label="Upload a referral feed file",
        help_text="A CSV file in police referral feed version 1 format, saved as CSV UTF-8",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Select a CSV file to upload"},
    )

    def clean_file(self) -> object:
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if uploaded.size == 0:
            raise forms.ValidationError("The selected file is empty")
        limit = settings.VCH_UPLOAD_MAX_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                f"The selected file must be smaller than {limit // (1024 * 1024)} MB"
            )
        return uploaded
