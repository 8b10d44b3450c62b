# throw() raises inside the generator; close() raises GeneratorExit.
def worker():
    try:
        while True:
            try:
                x = yield
                print("got", x)
            except ValueError as e:
                print("handled", e)
                yield "recovered"
    finally:
        print("finally runs")
w = worker()
next(w)
w.send(1)
print(w.throw(ValueError("bad")))
next(w)
w.close()
print("closed")
def stubborn():
    try:
        yield 1
    except GeneratorExit:
        print("exit seen")
        raise
s = stubborn()
next(s)
s.close()
s.close()
def unhandled():
    yield 1
u = unhandled()
next(u)
try:
    u.throw(KeyError("k"))
except KeyError as e:
    print(type(e).__name__, e)
def refuses():
    try:
        yield 1
    except GeneratorExit:
        yield 2
r = refuses()
next(r)
try:
    r.close()
except RuntimeError as e:
    print(type(e).__name__, e)
