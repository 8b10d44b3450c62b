# str methods called on other types: CPython's descriptor TypeErrors.
for t in [lambda: str.upper(1), lambda: str.join(1, []), lambda: str.__add__(1, "a"), lambda: str.__len__(b"x"), lambda: str.find(None, "a"),
          lambda: str.__getitem__(1, 0), lambda: str.__format__(1, ""), lambda: str.__getnewargs__(1), lambda: str.isalpha(1), lambda: str.__eq__(1, "a"),
          lambda: str.upper(), lambda: str.maketrans("a", "b"), lambda: "A".lower(), lambda: str.__mod__(1, 2)]:
    try:
        print(repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
