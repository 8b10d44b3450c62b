# Inside a generator, sys.exc_info(), a bare raise and implicit chaining see the
# caller's handled exception when the generator handles none of its own (CPython's
# chain of exception states), however the generator is resumed.
import sys

def peek():
    yield sys.exc_info()[0]
    try:
        raise ValueError
    except ValueError:
        yield sys.exc_info()[0]
    yield sys.exc_info()[0]

try:
    raise IndexError
except IndexError:
    for kind in peek():
        print("inside:", kind, "outside:", sys.exc_info()[0])

g = peek()
try:
    raise KeyError
except KeyError:
    print(next(g), next(g))
print(next(g))   # caller no longer handles anything

def bare():
    yield 1
    raise

try:
    1 / 0
except ZeroDivisionError:
    try:
        for x in bare():
            pass
    except ZeroDivisionError as e:
        print("re-raised the caller's:", repr(e))

def ctx():
    yield
    raise KeyError("in gen")

try:
    try:
        raise OSError("outer")
    except OSError:
        list(ctx())
except KeyError as e:
    print("context:", repr(e.__context__))

def nested():
    try:
        raise TypeError("own")
    except TypeError:
        yield sys.exc_info()[1]
        yield sys.exc_info()[1]

n = nested()
try:
    raise NameError("caller")
except NameError:
    print(repr(next(n)))
print(repr(next(n)), sys.exc_info())
