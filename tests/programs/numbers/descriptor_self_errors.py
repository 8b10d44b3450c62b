# int, float and complex methods called on the wrong type: CPython's descriptor errors.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
for f in [lambda: int.__add__("a", 1), lambda: int.__radd__(1.5, 1), lambda: int.__pow__("a", 2), lambda: int.__lt__(1.0, 2),
          lambda: int.__neg__("x"), lambda: int.__hash__(1.5), lambda: int.__repr__(None), lambda: int.bit_length(2.0),
          lambda: int.__trunc__("s"), lambda: int.__round__(1.5), lambda: int.to_bytes(1.5), lambda: int.__format__(1.5, ""),
          lambda: int.conjugate(1j), lambda: int.__divmod__(1.5, 2), lambda: int.as_integer_ratio([]), lambda: int.__sizeof__(1.5),
          lambda: float.__add__(1, 1.0), lambda: float.__rtruediv__("a", 1.0), lambda: float.__pow__(2, 2), lambda: float.__eq__(1, 1),
          lambda: float.__neg__(1), lambda: float.hex(1), lambda: float.is_integer(3), lambda: float.__round__(1), lambda: float.__trunc__(1),
          lambda: float.__divmod__(1, 2.0), lambda: float.__format__(1, ""), lambda: float.__getnewargs__(1), lambda: float.as_integer_ratio(1),
          lambda: complex.__add__(1, 1j), lambda: complex.__eq__(1, 1j), lambda: complex.conjugate(1), lambda: complex.__abs__(1.0),
          lambda: complex.__complex__(1.0), lambda: complex.__format__(1, ""), lambda: complex.__pow__(1, 2), lambda: complex.__hash__(2),
          lambda: int.__add__(True, 1), lambda: int.bit_length(True), lambda: float.__add__(1.5, True)]:
    show(f)
