from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


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
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload
