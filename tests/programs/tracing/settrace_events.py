# sys.settrace: call, line, return and exception events, with their arguments,
# through calls, loops, generators (driven by for, next, send and close), exceptions
# caught and escaping, and f_trace_lines / f_trace_opcodes.
import sys

log = []


def show(frame, event, arg):
    name = frame.f_code.co_name
    if event == 'exception':
        arg = (arg[0].__name__, str(arg[1]), type(arg[2]).__name__)
    elif event in ('return', 'call', 'line'):
        arg = repr(arg)
    line = frame.f_lineno - frame.f_code.co_firstlineno
    log.append(f"{event:9} {name:14} +{line} {arg}")


def tracer(frame, event, arg):
    show(frame, event, arg)
    return tracer


def run(func, *args, trace=tracer):
    log.clear()
    sys.settrace(trace)
    try:
        result = func(*args)
    except Exception as e:
        result = f"raised {type(e).__name__}"
    finally:
        sys.settrace(None)
    print(f"== {func.__name__} -> {result!r}")
    for entry in log:
        print("  ", entry)


def simple(a):
    b = a + 1
    if b > 1:
        b *= 2
    return b


def counting(n):
    total = 0
    for i in range(n):
        total += i
    while n:
        n -= 1
    return total


def gen(n):
    for i in range(n):
        x = yield i
        if x:
            yield x


def drive_generators():
    out = [v for v in gen(2)]
    g = gen(3)
    out.append(next(g))
    out.append(g.send('sent'))
    g.close()
    return out


def closing():
    def inner():
        try:
            yield 1
        finally:
            "finally"
    x = any(inner())
    return x


def thrower(x):
    raise ValueError(x)


def catching():
    try:
        thrower(1)
    except ValueError as e:
        return str(e)


def escaping():
    return thrower(2)


def stop_value():
    def sub():
        yield 1
        return 'done'

    def outer():
        r = yield from sub()
        return r

    for x in outer():
        pass
    return x


run(simple, 3)
run(counting, 3)
run(drive_generators)
run(closing)
run(catching)
run(escaping)
run(stop_value)


# A trace function that returns None for a frame leaves its lines untraced.
def only_calls(frame, event, arg):
    show(frame, event, arg)
    return None


run(counting, 2, trace=only_calls)


# f_trace_lines off, f_trace_opcodes on.
def opcodes(frame, event, arg):
    if event == 'call':
        frame.f_trace_lines = False
        frame.f_trace_opcodes = True
    show(frame, event, arg)
    return opcodes


run(simple, 0, trace=opcodes)


# The frame's own f_trace set by hand (as debuggers do for the caller).
def set_own_trace():
    frame = sys._getframe()
    frame.f_trace = tracer
    sys.settrace(tracer)
    x = 1
    y = x + 1
    sys.settrace(None)
    return y


log.clear()
print("== set_own_trace ->", set_own_trace())
for entry in log:
    print("  ", entry)

# gettrace, errors, and frame attribute types
print(sys.gettrace())
sys.settrace(tracer)
print(sys.gettrace() is tracer)
sys.settrace(None)
for call in (lambda: sys.settrace(), lambda: sys.settrace(1, 2), lambda: sys.settrace(f=1)):
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
frame = sys._getframe()
print(frame.f_trace, frame.f_trace_lines, frame.f_trace_opcodes)
for name, value in (('f_trace_lines', 1), ('f_trace_opcodes', None)):
    try:
        setattr(frame, name, value)
    except TypeError as e:
        print("TypeError:", e)
