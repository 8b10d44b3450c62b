# nonlocal reaches the nearest enclosing function scope.
def outer():
    x = "outer"
    def middle():
        x = "middle"
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
        return x
    result = middle()
    return x, result
print(outer())
def accumulate():
    items = []
    total = 0
    def add(v):
        nonlocal total
        items.append(v)
        total += v
        return total
    return add, items
add, items = accumulate()
add(3)
add(4)
print(items, add(0))
