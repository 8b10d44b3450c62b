# More bytecode parity: closures, unpacking, exceptions, comprehensions, with.
def closure():
    x = 1
    def inner():
        return x
    return inner
def unpack(pair):
    a, b = pair
    return b, a
def handler():
    try:
        return 1 / 0
    except ZeroDivisionError:
        return 0
def comp(xs):
    return [x * 2 for x in xs if x]
def augmented(d):
    d["k"] += 1
    d.attr = d.attr or 0
def store_del():
    global g
    g = 1
    del g
for fn in [closure, closure(), unpack, handler, comp, augmented, store_del]:
    print(fn.__qualname__, list(fn.__code__.co_code))
print(list(comp.__code__.co_consts[1].co_code))
