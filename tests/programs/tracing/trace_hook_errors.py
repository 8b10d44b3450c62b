# A trace function that raises is removed, and its exception comes out of the
# traced code; the exception event can replace the exception in flight.
import sys


def f():
    a = 1
    b = 2
    return a + b


def failing(frame, event, arg):
    if event == 'line' and frame.f_code is f.__code__:
        raise RuntimeError("trace failed")
    return failing


sys.settrace(failing)
try:
    f()
except RuntimeError as e:
    print("caught:", e)
print("trace after failure:", sys.gettrace())


def replacing(frame, event, arg):
    if event == 'exception' and arg[0] is KeyError:
        raise IndexError("replaced")
    return replacing


def g():
    raise KeyError("original")


sys.settrace(replacing)
try:
    g()
except Exception as e:
    print("caught:", type(e).__name__, e)
sys.settrace(None)

# settrace inside a profile/trace hook is not traced, and call_tracing re-enables.
events = []


def inner_tracer(frame, event, arg):
    events.append((event, frame.f_code.co_name))
    return inner_tracer


def h():
    return 1


def outer(frame, event, arg):
    if event == 'call' and frame.f_code.co_name == 'k':
        events.append(('outer', h()))
        events.append(('call_tracing', sys.call_tracing(h, ())))
    return None


def k():
    return 2


sys.settrace(outer)
k()
sys.settrace(None)
print(events)
for args in ((1,), (1, [])):
    try:
        sys.call_tracing(*args)
    except TypeError as e:
        print("TypeError:", e)
