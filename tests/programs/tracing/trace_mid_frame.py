# Tracing that starts or stops in the middle of a running frame: from a property
# getter, a __getitem__, a finaliser run by POP_TOP, a plain call, and a hook
# that turns itself off; the frame goes on with its next instruction traced (or
# not) either way.
import sys

events = []


def tracer(frame, event, arg):
    if frame.f_code.co_name.startswith("run_"):
        events.append((event, frame.f_code.co_name, frame.f_lineno))
    return tracer


def start_here():
    sys.settrace(tracer)
    sys._getframe(2).f_trace = tracer


class Starter:
    @property
    def go(self):
        start_here()
        return 1

    def __getitem__(self, key):
        start_here()
        return key


class Dying:
    def __del__(self):
        start_here()


def run_property():
    x = Starter().go
    y = x + 1
    sys.settrace(None)
    return y


def run_subscript():
    x = Starter()[5]
    y = x * 2
    sys.settrace(None)
    return y


def run_finaliser():
    Dying()
    y = 3
    sys.settrace(None)
    return y


def run_call():
    start_here_direct()
    y = 4
    sys.settrace(None)
    return y


def start_here_direct():
    sys.settrace(tracer)
    sys._getframe(1).f_trace = tracer


def run_stops():
    sys.settrace(tracer)
    sys._getframe().f_trace = tracer
    total = 0
    for i in range(3):
        total += i
    sys.settrace(None)
    for i in range(1000):
        total += i
    return total


for run in (run_property, run_subscript, run_finaliser, run_call, run_stops):
    events.clear()
    result = run()
    print(run.__name__, result)
    for e in events:
        print("   ", *e)
