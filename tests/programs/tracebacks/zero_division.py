# An uncaught exception prints a traceback with carets and exits with status 1.
def ratio(a, b):
    return a / b
def report(values):
    print("computing")
    return [ratio(v, v - 2) for v in values]
report([4, 3, 2, 1])
