# Custom exception classes with arguments and extra state.
class AppError(Exception):
    pass
class NotFound(AppError):
    def __init__(self, key, where="db"):
        super().__init__(f"{key!r} not found in {where}")
        self.key = key
        self.where = where
class Plain(Exception):
    pass
try:
    raise NotFound("user42")
except AppError as e:
    print(type(e).__name__, e, e.key, e.where, e.args)
for exc in [Plain(), Plain("one"), Plain("a", 2), AppError(None)]:
    print(repr(exc), str(exc), exc.args)
class WithStr(Exception):
    def __str__(self):
        return "custom text"
print(repr(WithStr("x")), str(WithStr("x")))
print(issubclass(NotFound, Exception), NotFound.__mro__[1:3])
