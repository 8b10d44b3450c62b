-W
default
script_warnings_default.py
