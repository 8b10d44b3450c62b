# sum() over machine ints and floats (added in place) and what falls back to +:
# overflow into big ints, mixed kinds, bools, signed zeros, lists.
import sys
print(sum([1, 2, 3]), sum([1.5, 2.25]), sum([sys.maxsize, sys.maxsize, -sys.maxsize]))
print(sum([0.1] * 10), sum([1, 2.5, 3]), sum([2.5, 1]), sum([True, True, 3]))
print(sum([-0.0, -0.0]), sum([-0.0], -0.0), sum([float('inf'), float('-inf')]))
print(sum(range(10**6)), sum([10**30, 1]), sum([[1], [2]], []))
