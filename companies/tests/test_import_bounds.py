"""Uploads are bounded (issue 9 point 5): size, line length, nesting, NUL bytes, invalid
UTF-8 and binary files are refused in Danish, the same in a dry run as in the real run,
the error report is capped, and no upload answers 500."""

import gzip
import io
import json
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from companies.cvr_import import company_import
from companies.cvr_import.checks import MAX_REPORTED_ERRORS
from companies.cvr_import.streams import MAX_CSV_LINE_CHARS
from companies.models import Company

pytestmark = pytest.mark.django_db

GOOD_LINE = '{"Vrvirksomhed": {"cvrNummer": 10103940, "navne": [{"navn": "Firma"}]}}\n'
CSV_HEADER = "cvr;name\n"


def _hostile(rng: random.Random) -> list[tuple[str, str, bytes]]:
    """(name, format, content): generated variants of each class of hostile file."""
    noise = bytes(rng.randrange(256) for _ in range(rng.randrange(16, 4096)))
    depth = rng.randrange(2_000, 50_000)
    return [
        ("random bytes", "cvr-json", noise),
        ("random bytes", "csv", noise),
        ("gzip as text", "csv", gzip.compress(b"cvr;name\n10103940;Firma\n", mtime=0)),
        ("png header", "cvr-json", b"\x89PNG\r\n\x1a\n" + noise),
        ("nul in csv", "csv", (CSV_HEADER + "10103940;Fir\x00ma\n").encode()),
        ("nul in json lines", "cvr-json", (GOOD_LINE + '{"a": "\x00"}\n').encode()),
        ("utf-16", "csv", (CSV_HEADER + "10103940;Firma\n").encode("utf-16")),
        ("latin-1", "csv", (CSV_HEADER + "10103940;Søren Æble\n").encode("latin-1")),
        ("bad utf-8 late", "cvr-json", GOOD_LINE.encode() * 3 + b'{"x": "\xff\xfe"}\n'),
        ("deep array", "cvr-json", b"[" * depth + b"]" * depth),
        ("deep object", "cvr-json", b'{"a":' * depth + b"1" + b"}" * depth),
        ("deep line", "cvr-json", GOOD_LINE.encode() + b'{"a":' * depth + b"1" + b"}" * depth),
        (
            "long csv line",
            "csv",
            (
                CSV_HEADER + "10103940;" + "x" * (MAX_CSV_LINE_CHARS + rng.randrange(1, 999))
            ).encode(),
        ),
        ("long csv header", "csv", ("cvr;name;" + "y" * (MAX_CSV_LINE_CHARS + 5)).encode()),
        ("unclosed array", "cvr-json", b'[{"Vrvirksomhed": {"cvrNummer": 1}'),
        ("huge number", "cvr-json", b'{"Vrvirksomhed": {"cvrNummer": 1' + b"0" * 5000 + b"}}"),
        ("only spaces", "csv", b" " * rng.randrange(1, 100)),
        ("empty", "cvr-json", b""),
    ]


def _cases():
    return [case for seed in range(3) for case in _hostile(random.Random(seed))]  # noqa: S311


@pytest.mark.parametrize(("name", "file_format", "content"), _cases())
def test_a_hostile_file_is_refused_the_same_in_the_dry_run_and_the_real_run(
    name, file_format, content
):
    dry = company_import(source=io.BytesIO(content), file_format=file_format, dry_run=True)
    real = company_import(source=io.BytesIO(content), file_format=file_format, dry_run=False)

    assert dry.errors, name
    assert (dry.errors, dry.error_lines, dry.error_count) == (
        real.errors,
        real.error_lines,
        real.error_count,
    )
    assert not Company.objects.exists()


@pytest.mark.parametrize(("name", "file_format", "content"), _hostile(random.Random(9)))  # noqa: S311
def test_the_upload_page_answers_every_hostile_file_in_danish(
    admin_client_a, name, file_format, content
):
    for dry_run in ({"dry_run": "on"}, {}):
        upload = SimpleUploadedFile("fil.bin", content)
        response = admin_client_a.post(
            reverse("companies:company-import"),
            {"file": upload, "file_format": file_format, **dry_run},
        )
        assert response.status_code == 200, name
        report = response.context["report"]
        if report is None:  # refused by the form (an empty file), in Django's Danish
            assert response.context["form"].errors, name
            continue
        assert "Filen blev afvist" in response.content.decode(), name
        for english in ("not valid", "is not", "line contains", "Error"):
            assert english not in " ".join(report.errors), name


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x00\x01\x02binary", "binær"),
        ((CSV_HEADER + "1;\x00\n").encode(), "NUL"),
        (b"cvr;name\n\xff\xfe\n", "ikke UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "for dybt"),
        ((CSV_HEADER + "z" * (MAX_CSV_LINE_CHARS + 1)).encode(), "længere end"),
    ],
)
def test_each_class_has_its_own_danish_reason(content, expected):
    file_format = "cvr-json" if content.startswith((b"[", b"\x00")) else "csv"

    report = company_import(source=io.BytesIO(content), file_format=file_format, dry_run=True)

    assert expected in " ".join(report.errors)


def test_the_error_report_is_capped_with_a_count(admin_client_a):
    bad_lines = MAX_REPORTED_ERRORS + 2_345
    text = CSV_HEADER + "".join(f"{n};\n" for n in range(bad_lines))

    report = company_import(source=io.BytesIO(text.encode()), file_format="csv", dry_run=True)

    assert len(report.errors) == MAX_REPORTED_ERRORS
    assert report.error_count >= bad_lines
    assert report.errors_not_shown == report.error_count - MAX_REPORTED_ERRORS
    upload = SimpleUploadedFile("v.csv", text.encode())
    page = admin_client_a.post(
        reverse("companies:company-import"), {"file": upload, "file_format": "csv"}
    ).content.decode()
    assert f"og {report.errors_not_shown} fejl mere" in page


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1024)
@pytest.mark.parametrize("size", [1025, 4096, 100_000])
def test_an_upload_over_the_size_limit_is_refused_in_danish(admin_client_a, size):
    upload = SimpleUploadedFile("v.csv", b"x" * size)

    response = admin_client_a.post(
        reverse("companies:company-import"), {"file": upload, "file_format": "csv"}
    )

    assert response.status_code == 200
    assert "Filen er større end 0 MB" in response.content.decode() or (
        "Filen er større end" in response.content.decode()
    )
    assert response.context["report"] is None


def test_the_default_limit_is_50_mb():
    from django.conf import settings

    assert settings.IMPORT_MAX_UPLOAD_BYTES == 50 * 1024 * 1024


def test_json_lines_still_read_after_the_bounds():
    lines = "".join(
        json.dumps({"Vrvirksomhed": {"cvrNummer": cvr, "navne": [{"navn": f"Firma {cvr}"}]}}) + "\n"
        for cvr in (10103940, 11617034)
    )
    report = company_import(
        source=io.BytesIO(lines.encode()), file_format="cvr-json", dry_run=False
    )
    assert report.ok, report.errors
    assert Company.objects.count() == 2
