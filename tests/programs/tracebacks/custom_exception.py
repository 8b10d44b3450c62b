# Uncaught custom exceptions print their qualified name and message.
class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
class Empty(Exception):
    pass
def validate(user):
    if not user.get("name"):
        raise ValidationError("name", "must not be empty")
try:
    raise Empty
except Empty as e:
    print("caught", repr(e))
validate({"name": ""})
