# Argument errors of int, float and complex methods, with CPython's exact wording.
def show(f):
    try:
        r = f()
    except Exception as e:
        print(type(e).__name__, e)
    else:
        print(repr(r))
show(lambda: int.from_bytes(b'\x01', 'big', True))
show(lambda: (1).to_bytes(1, 'big', True))
show(lambda: (1).to_bytes(1, 'big', signed=True, foo=1))
show(lambda: int.from_bytes())
show(lambda: int.from_bytes(b'', byteorder='big', bytes=b''))
show(lambda: (1).to_bytes(1.5))
show(lambda: (1).to_bytes(2 ** 70))
show(lambda: (1).bit_length(1))
show(lambda: (1).__round__(1, 2))
show(lambda: (1.5).__round__(1, 2))
show(lambda: (1.5).hex(1))
show(lambda: float.fromhex())
show(lambda: float.fromhex(1))
show(lambda: complex.__new__(complex, 1, 2, 3))
show(lambda: complex(1, 2, 3))
show(lambda: complex(foo=1))
show(lambda: int(1, 2, 3))
show(lambda: int("1", base=2, x=3))
show(lambda: bool(1, 2))
show(lambda: bool(x=1))
for f in [lambda: (1).__trunc__(1), lambda: (1).__neg__(1), lambda: (1).__getnewargs__(1),
          lambda: (1.5).__trunc__(1), lambda: (1.5).__floor__(1), lambda: (1.5).is_integer(1),
          lambda: (1j).conjugate(1), lambda: (1j).__complex__(1), lambda: (1j).__getnewargs__(1),
          lambda: (1).__add__(1, 2), lambda: (1).bit_count(x=1), lambda: (1).__pow__(1, 2, 3),
          lambda: (1).__pow__(), lambda: (1.5).__pow__(), lambda: (1j).__format__(),
          lambda: (1j).__format__(1), lambda: (1).__lt__(), lambda: float.fromhex("1", 2),
          lambda: (1.5).__lt__(2), lambda: (2).__pow__(3, 5), lambda: (2.0).__rpow__(3),
          lambda: (1j).__eq__(1j), lambda: (5).__divmod__(3), lambda: (5.5).__rdivmod__(2)]:
    show(f)
