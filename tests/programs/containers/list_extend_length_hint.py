# list.extend sizes itself from the length hint, but ignores a hint that would
# take the list past the largest size (it may lie); list() and a large but
# possible total raise MemoryError, as CPython does.
import sys
class CustomIter:
    def __init__(self, h): self.h = h
    def __iter__(self): return self
    def __next__(self): raise StopIteration
    def __length_hint__(self): return self.h
for h in [sys.maxsize, sys.maxsize - 4, sys.maxsize - 3, 10**15, 2**40]:
    try:
        a = [1, 2, 3, 4]; a.extend(CustomIter(h)); print("extend ok", a)
    except MemoryError: print("extend MemoryError")
    try:
        print("list ok", list(CustomIter(h)))
    except MemoryError: print("list MemoryError")
