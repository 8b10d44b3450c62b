# __iter__ = None makes instances non-iterable, even with __getitem__.
class NoIter:
    __iter__ = None
    def __getitem__(self, i):
        return i
for f in [lambda: iter(NoIter()), lambda: list(NoIter()), lambda: 3 in NoIter(), lambda: [*NoIter()]]:
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
try:
    a, b = NoIter()
except TypeError as e:
    print("TypeError:", e)
