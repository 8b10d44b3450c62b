# A three-level chain mixing cause and context.
def level1():
    raise KeyError("level1")
def level2():
    try:
        level1()
    except KeyError as e:
        raise ValueError("level2") from e
def level3():
    try:
        level2()
    except ValueError:
        raise TypeError("level3")
level3()
