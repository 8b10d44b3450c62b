# Errors raised inside comprehensions propagate.
try:
    [1 / x for x in [1, 0]]
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    {x: y for x, y in [(1, 2), (3,)]}
except ValueError as e:
    print(type(e).__name__, e)
try:
    [x for x in 5]
except TypeError as e:
    print(type(e).__name__, e)
try:
    {[]: 1 for _ in range(1)}
except TypeError as e:
    print(type(e).__name__, e)
print([x for x in []], {x for x in ()}, {k: k for k in ""})
