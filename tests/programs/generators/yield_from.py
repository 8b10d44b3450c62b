# yield from delegates and returns the subgenerator's return value.
def inner():
    yield 1
    yield 2
    return "inner result"
def outer():
    result = yield from inner()
    print("inner returned", result)
    yield from [10, 20]
    yield from range(3)
    return "outer done"
g = outer()
print(list(g))
def tree(node):
    value, children = node
    yield value
    for child in children:
        yield from tree(child)
print(list(tree((1, [(2, [(3, [])]), (4, [])]))))
def catch_return():
    try:
        yield from outer()
    finally:
        print("cleanup")
print(list(catch_return()))
