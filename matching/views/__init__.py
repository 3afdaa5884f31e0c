"""Pages of the matching app, one module per topic (`urls.py` names them)."""
