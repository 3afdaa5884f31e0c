"""The CVR import (docs/cvr-import.md), by topic: `streams` reads the file, `documents`
the CVR distribution's JSON, `csv_layout` our CSV, `checks` validates values, `writing`
applies a validated file, and `service` runs the two passes."""

from .checks import ImportReport
from .csv_layout import COMPANY_COLUMNS, WORKPLACE_COLUMNS
from .service import FileFormat, company_import

__all__ = ["COMPANY_COLUMNS", "WORKPLACE_COLUMNS", "FileFormat", "ImportReport", "company_import"]
