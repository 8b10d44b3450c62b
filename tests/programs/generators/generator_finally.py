# try/finally inside generators and return values.
def resource():
    print("open")
    try:
        yield "a"
        yield "b"
    finally:
        print("close")
for item in resource():
    print(item)
for item in resource():
    print(item)
    break
print("after break")
def returns():
    yield 1
    return 99
g = returns()
next(g)
try:
    next(g)
except StopIteration as e:
    print("value", e.value)
def empty():
    return
    yield
print(list(empty()))
