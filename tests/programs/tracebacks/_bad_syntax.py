# Helper with a deliberate syntax error, imported by syntax_error_in_import.py.
def fine():
    return 1
def broken(:
    pass
