# continue outside a loop, inside a function.
def f():
    continue
