# TypeError messages for bad calls.
def two(a, b):
    return a + b
text = "abc"
nothing = None
def kw(a, *, b):
    pass
calls = [
    lambda: two(1),
    lambda: two(1, 2, 3),
    lambda: two(1, a=2),
    lambda: two(1, 2, c=3),
    lambda: kw(1, 2),
    lambda: two(),
    lambda: len(),
    lambda: len([], []),
    lambda: text(),
    lambda: nothing(),
    lambda: two(*5),
    lambda: two(**[1]),
    lambda: two(1, **{"a": 2}),
    lambda: int(x=1),
]
for call in calls:
    try:
        call()
    except TypeError as e:
        print(e)
