# Several closures share one cell.
def pair():
    value = 0
    def get():
        return value
    def set_(v):
        nonlocal value
        value = v
    return get, set_
get, set_ = pair()
print(get())
set_(42)
print(get())
print(get.__closure__[0] is set_.__closure__[0])
def cell_before_assign():
    def read():
        return late
    try:
        read()
    except NameError as e:
        print(type(e).__name__, e)
    late = "now set"
    return read()
print(cell_before_assign())
