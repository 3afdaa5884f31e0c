from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _


class CompanyImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("cvr-json", _("CVR data distribution (JSON, JSON Lines)")),
            ("csv", _("CSV (semicolon or comma separated)")),
        ],
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and count the changes without saving"),
        required=False,
        initial=True,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size is None or upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Split it into smaller files."),
                params={"limit": limit // (1024 * 1024)},
                code="too_large",
            )
        return upload
