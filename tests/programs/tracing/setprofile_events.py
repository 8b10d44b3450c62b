# sys.setprofile: call and return events for Python frames, c_call, c_return and
# c_exception around builtin functions and methods, none for lines.
import sys


def profiler(frame, event, arg):
    where = frame.f_code.co_name
    if event.startswith('c_'):
        print(f"{event:11} {where:10} {getattr(arg, '__qualname__', arg)}")
    else:
        print(f"{event:11} {where:10} {arg!r}")


def work(xs):
    xs.append(len(xs))
    s = sorted(xs, key=abs)
    try:
        int('x')
    except ValueError:
        pass
    return sum(s)


def gen():
    yield 1
    yield 2


sys.setprofile(profiler)
work([3, -1])
list(gen())
max(*[1, 2])
print("printed")
sys.setprofile(None)
print(sys.getprofile())

sys.setprofile(profiler)
sys.setprofile(None)
