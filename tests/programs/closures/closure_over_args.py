# Closures capture parameters, defaults and class-free state.
def multiplier(factor):
    return lambda x: x * factor
def compose(*fns):
    def run(x):
        for fn in reversed(fns):
            x = fn(x)
        return x
    return run
double, triple = multiplier(2), multiplier(3)
print(double(5), triple(5), compose(double, triple, str.__len__)("abcd"))
def memoize(fn):
    cache = {}
    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper
@memoize
def slow_square(n):
    print("computing", n)
    return n * n
print(slow_square(4), slow_square(4), slow_square(5), sorted(slow_square.cache))
