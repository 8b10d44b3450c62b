# KeyError repr quirks and StopIteration values.
try:
    {}[("a", 1)]
except KeyError as e:
    print(str(e), repr(e), e.args)
try:
    {}[""]
except KeyError as e:
    print(str(e), e.args)
e = StopIteration(5)
print(e.value, e.args)
print(StopIteration().value)
def g():
    return "result"
    yield
try:
    next(g())
except StopIteration as stop:
    print(stop.value, stop.args)
