# Builtin methods refuse wrong argument counts with CPython's messages.
tests = [
    lambda: (1, 2).__getnewargs__(5),
    lambda: range(3).count(),
    lambda: range(3).index(1, 2),
    lambda: ValueError().with_traceback(),
    lambda: ValueError().add_note(),
    lambda: [].__reversed__(1),
    lambda: (lambda: 0).__get__(),
    lambda: slice(1).indices(),
    lambda: b''.__getnewargs__(1),
    lambda: iter([]).__reduce__(1),
    lambda: (x for x in ()).send(),
    lambda: object().__reduce__(1),
    lambda: object().__sizeof__(1),
    lambda: ValueError().__reduce__(1),
    lambda: ValueError().__setstate__(),
    lambda: (1).__round__(1, 2),
    lambda: range(3).__reversed__(1),
    lambda: dict.fromkeys(),
    lambda: type.__prepare__(),
    lambda: memoryview(b'').__enter__(1),
]
for t in tests:
    try:
        r = t()
        print('ok', repr(r)[:40])
    except TypeError as e:
        print('TypeError:', e)
for t in (lambda: {}.__getitem__(), lambda: {}.__contains__(), lambda: {}.__reversed__(1)):
    try:
        t()
    except TypeError as e:
        print('TypeError:', e)
print(dict.__contains__.__text_signature__, dict.__getitem__.__text_signature__, dict.__reversed__.__text_signature__)
