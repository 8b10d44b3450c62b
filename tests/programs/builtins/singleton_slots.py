# bool, None, NotImplemented and Ellipsis fill their slots natively; None.__hash__()
# agrees with hash(None).
print(True & False, True | False, True ^ True, True & 3, 3 | True, type(True & 1).__name__, type(True ^ False).__name__, False.__ror__(True), True.__rxor__(5))
print(repr(True), str(False), f"{True}", repr(None), bool(None), hash(None), repr(NotImplemented), repr(...), hash(None) == None.__hash__())
for bad in ["True & 1.5", "bool.__and__(1, 2)", "None.__bool__(1)", "type(None).__repr__(1)"]:
    try: print(bad, '->', eval(bad))
    except Exception as x: print(bad, '!!', type(x).__name__, x)
print(type(bool.__and__).__name__, type(None).__bool__.__text_signature__, type(NotImplemented).__repr__.__qualname__, {None: 1}[None])
