# __enter__/__exit__ order, values and suppression.
class Tag:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress
with Tag("a") as a, Tag("b") as b:
    print("body", a, b)
with Tag("quiet", suppress=True):
    raise ValueError("swallowed")
print("after suppressed")
try:
    with Tag("loud"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", repr(e))
with Tag("outer", suppress=True):
    with Tag("inner"):
        1 / 0
print("done")
def early():
    with Tag("ret"):
        return "returned"
print(early())
for i in range(3):
    with Tag(str(i)):
        if i == 1:
            continue
        if i == 2:
            break
        print("loop body", i)
