# sys._getframe and frame attributes.
import sys
def current():
    frame = sys._getframe()
    return frame.f_code.co_name, frame.f_lineno, frame.f_back.f_code.co_name
def caller():
    return current()
print(caller())
def locals_of_caller():
    return sorted(sys._getframe(1).f_locals.items())
def has_locals():
    alpha = 1
    beta = "two"
    return locals_of_caller()
print(has_locals())
top = sys._getframe()
print(top.f_code.co_name, top.f_back, top.f_globals is globals(), top.f_lineno)
def chain():
    names = []
    frame = sys._getframe()
    while frame:
        names.append(frame.f_code.co_name)
        frame = frame.f_back
    return names
def a():
    return chain()
print(a())
