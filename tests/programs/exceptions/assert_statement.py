# assert with and without a message.
assert True
assert 1 + 1 == 2, "math works"
try:
    assert False
except AssertionError as e:
    print(repr(e), e.args)
try:
    assert 2 < 1, "two is not less than one"
except AssertionError as e:
    print(repr(e), str(e))
try:
    x = []
    assert x, f"list was {x!r}"
except AssertionError as e:
    print(e)
def check(n):
    assert n > 0, n
    return n
try:
    check(-5)
except AssertionError as e:
    print(e.args)
