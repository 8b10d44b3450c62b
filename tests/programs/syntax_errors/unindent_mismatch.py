# Dedent to a level that does not match.
def f():
        x = 1
    return x
