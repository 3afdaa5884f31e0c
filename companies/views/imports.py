"""Placeholder module; being written (see companies/urls.py for the views it must define)."""
