VERSION = "1.0"
def describe():
    return f"core {VERSION} in {__name__} of {__package__}"
