# Generator functions run lazily and stop with StopIteration.
def count_up(n):
    print("start")
    for i in range(n):
        print("yield", i)
        yield i
    print("end")
g = count_up(2)
print(type(g).__name__)
print(next(g))
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.args)
print(next(g, "exhausted"))
print(list(count_up(3)))
