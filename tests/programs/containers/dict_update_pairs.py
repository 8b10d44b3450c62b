# dict.update/dict() from iterables of pairs: lazy insertion, which errors are rewritten and which propagate.
def gen():
    yield (1, 2)
    yield (3, 4)
    raise ValueError("midway")
d = {}
try:
    d.update(gen())
except ValueError as e:
    print(e, d)
d = {0: 0}
try:
    d.update([(5, 6), 7])
except TypeError as e:
    print(e, d)
class BadIter:
    def __iter__(self):
        raise RuntimeError("no iter")
try:
    dict([BadIter()])
except RuntimeError as e:
    print("RuntimeError", e)
try:
    dict([[1, 2], (3, 4, 5)])
except ValueError as e:
    print(e)
