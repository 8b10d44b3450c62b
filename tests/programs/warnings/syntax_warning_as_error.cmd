-W
error::SyntaxWarning
_error_filter_target.py
