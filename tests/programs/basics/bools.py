# bool is a subclass of int.
print(True, False, True + True, True * 10, -True)
print(isinstance(True, int), type(True), int(True))
print(bool(0), bool(1), bool(""), bool("a"), bool([]), bool([0]), bool(None), bool(0.0))
print(True == 1, False == 0, True is True)
print(not 0, not "x", not not [])
print(str(True), repr(False))
print(sum([True, True, False]))
print(True and 5, 0 or "x", "" or [] or 0)
