# list(), tuple(), sorted() and str.join take every item of a generator before
# using any: the generator runs to its end in one go. What the generator and
# the program can observe must be what one next() per item gives.
import sys


def numbers(n):
    for i in range(n):
        yield i * i


print(list(numbers(5)), tuple(numbers(3)), sorted(numbers(4), reverse=True))
print("-".join(str(x) for x in numbers(4)), list(numbers(0)))

# Partly consumed first, then drained; drained again when finished.
g = numbers(6)
print(next(g), next(g), list(g), list(g))


def delegating():
    yield "a"
    got = yield from numbers(3)
    yield ("inner returned", got)
    return "done"


print(list(delegating()))


def nested():
    yield list(numbers(3))
    yield tuple(list(x for x in range(2)) for _ in range(2))


print(list(nested()))


# An exception partway: the consumer sees it and the generator is finished.
def failing():
    yield 1
    yield 2
    raise KeyError("boom")


f = failing()
try:
    list(f)
except KeyError as e:
    print("KeyError", e)
print(list(f), f.gi_frame)


# StopIteration raised inside becomes RuntimeError (PEP 479).
def stopping():
    yield 1
    raise StopIteration


try:
    list(stopping())
except RuntimeError as e:
    print("RuntimeError:", e, type(e.__cause__).__name__)


# The generator sees itself running, and its caller's frame.
def introspective():
    me = yield "start"
    yield sys._getframe(1).f_code.co_name
    yield holder[0].gi_running
    try:
        list(holder[0])
    except ValueError as e:
        yield str(e)


def caller():
    return list(holder[0])


holder = [introspective()]
print(caller())


# try/finally and the value of the yield expression (None, as next() sends).
def with_finally():
    try:
        x = yield 1
        yield x
    finally:
        print("finally ran")


print(list(with_finally()))


# Many items, and a generator of generators.
print(len(list(x for x in range(100000))), sum(len(list(g)) for g in (numbers(3) for _ in range(4))))


# Traced: the events are those of one resume per item.
events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name == "traced_gen":
        events.append((event, arg if event != "line" else frame.f_lineno))
    return tracer


def traced_gen():
    yield 1
    yield 2


sys.settrace(tracer)
result = list(traced_gen())
sys.settrace(None)
print(result, events)


# The exception being handled, inside and around a drained generator.

def g():
    try:
        raise ValueError
    except ValueError:
        yield sys.exc_info()[0]
        yield sys.exc_info()[0]
    yield sys.exc_info()[0]
print(list(g()), sys.exc_info()[0])
try:
    raise KeyError
except KeyError:
    def h():
        yield sys.exc_info()[0]
        try:
            raise IndexError
        except IndexError:
            yield sys.exc_info()[0]
        yield sys.exc_info()[0]
    print(list(h()), sys.exc_info()[0])
    print(sum(1 for _ in h()), bytes(len(str(x)) for x in h()))
