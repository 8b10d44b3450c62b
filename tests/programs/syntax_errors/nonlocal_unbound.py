# nonlocal naming a variable that no enclosing function defines.
def f():
    def g():
        nonlocal missing
        missing = 1
    return g
