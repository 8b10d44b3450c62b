# Helper module for in_imported_module.py; not a test by itself.
def explode(n):
    if n == 0:
        return {}["never"]
    return explode(n - 1)
