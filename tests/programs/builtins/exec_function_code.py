# exec() of a function's code runs it called with no arguments: parameters
# without a value are missing (named after the code), *args and **kwargs empty.
def f(a, b=2):
    return a


def g(*, k):
    return k


def h(*args, **kw):
    print("h ran", args, kw)
    return 1


def v(*args):
    print("v ran", args)


def plain():
    print("plain ran")


for function in (f, g, h, v, plain):
    try:
        print(exec(function.__code__))
    except TypeError as error:
        print("TypeError:", error)
    try:
        print(eval(function.__code__, {}))
    except TypeError as error:
        print("TypeError:", error)
