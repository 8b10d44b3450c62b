# chr, ord, hex, oct and bin.
print(chr(65), chr(0x263A), chr(0x1F40D) == "\U0001F40D", ord("A"), ord("€"), ord("\n"))
print(hex(255), hex(-1), oct(8), oct(-64), bin(10), bin(-3), hex(2 ** 64))
print([chr(c) for c in range(ord("a"), ord("f"))])
try:
    ord("ab")
except TypeError as e:
    print(type(e).__name__, e)
try:
    chr(0x110000)
except ValueError as e:
    print(type(e).__name__, e)
try:
    hex(1.5)
except TypeError as e:
    print(type(e).__name__, e)
class Indexable:
    def __index__(self):
        return 42
print(hex(Indexable()), bin(Indexable()), list(range(50))[Indexable()], "x" * Indexable() == "x" * 42)
