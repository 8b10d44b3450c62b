# Nested functions and qualified names.
def outer():
    def inner():
        def innermost():
            return "deep"
        return innermost
    return inner
print(outer()()(), outer().__qualname__, outer()().__qualname__)
def counter_fn():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step
s = counter_fn()
print(s(), s(), s())
def shadow():
    len = lambda x: "shadowed"
    return len([1, 2])
print(shadow(), len([1, 2]))
