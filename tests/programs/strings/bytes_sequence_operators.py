# bytes and bytearray concatenate and repeat through their sequence slots, after
# both operands' number slots decline; the errors are CPython's.
print(b"a" + b"b", b"ab" * 2, 2 * b"ab", b"x" + bytearray(b"y"), bytearray(b"x") + b"y", bytearray(b"ab") * 2, 2 * bytearray(b"a"), b"a" + memoryview(b"z"))
x = bytearray(b"a"); x += b"bc"; x *= 2; print(x)
y = b"a"; y += b"b"; y *= 2; print(y)
class I:
    def __index__(self): return 3
print(b"a" * I(), bytearray(b"a") * I())
for bad in ['b"a" * "x"', '"x" * b"a"', 'b"a" + "x"', 'bytearray() + 1', 'b"a" * 1.5', 'b"".__add__()', 'bytes.__add__(b"a", 1)', 'b"".__mul__(2.0)', 'b"".__radd__', 'bytearray().__iadd__(1)', 'bytearray().__imul__(1.5)', 'bytearray().__imul__()', '1 + b"a"', '[1] * b"a"']:
    try: print(bad, '->', eval(bad))
    except Exception as e: print(bad, '!!', type(e).__name__, e)
class B(bytes): pass
print(type(B(b"a") + b"b").__name__, type(B(b"a") * 2).__name__)
