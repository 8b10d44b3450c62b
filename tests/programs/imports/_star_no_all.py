public_name = "public"
_private_name = "private"
def helper():
    return "helper"
