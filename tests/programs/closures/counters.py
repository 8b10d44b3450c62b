# Closures keep their own state.
def make_counter(start=0):
    count = start
    def increment(by=1):
        nonlocal count
        count += by
        return count
    return increment
a = make_counter()
b = make_counter(100)
print(a(), a(), b(), a(5), b(10))
print(a.__closure__[0].cell_contents, b.__code__.co_freevars)
