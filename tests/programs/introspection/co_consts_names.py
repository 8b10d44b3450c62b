# co_consts and co_names of small functions.
def constants():
    "docstring"
    x = 42
    y = "text"
    z = (1, 2, 3)
    w = None
    return 3.5, -1, x, y, z, w
def names():
    return len(print.__name__) + math.pi
def nested_const():
    def inner():
        return 1
    return inner
print(constants.__code__.co_consts)
print(names.__code__.co_consts, names.__code__.co_names)
print([type(c).__name__ for c in nested_const.__code__.co_consts])
print(nested_const.__code__.co_consts[1].co_name)
def no_doc():
    return None
print(no_doc.__code__.co_consts)
lam = lambda n: n + 1
print(lam.__code__.co_consts, lam.__code__.co_name, lam.__code__.co_varnames)
