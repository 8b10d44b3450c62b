# SyntaxError(msg, details) takes four to six details (end_offset with
# end_lineno); __cause__ and __context__ cannot be deleted.
for details in [("bad.py", 1, 2), ("bad.py", 1, 2, 4, 5, 6, 7), ("bad.py", 1, 2, "abcdefg", 1), 42]:
    try:
        SyntaxError("bad bad", details)
    except TypeError as exc:
        print(exc)
e = SyntaxError("m", ["f.py", 1, 2, "txt"])
print(e.filename, e.lineno, e.offset, e.text, e.end_lineno, e.end_offset)
e = SyntaxError("m", ("f.py", 1, 2, "txt", 1, 5), "extra")
print(e.filename, e.args)
for name in ("__cause__", "__context__"):
    try:
        delattr(Exception(), name)
    except TypeError as exc:
        print(exc)
    try:
        setattr(Exception(), name, 1)
    except TypeError as exc:
        print(exc)
