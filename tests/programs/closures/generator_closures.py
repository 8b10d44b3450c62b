# Generators and closures together.
def make_gen(step):
    def gen(limit):
        n = 0
        while n < limit:
            yield n
            n += step
    return gen
by3 = make_gen(3)
print(list(by3(10)), list(make_gen(4)(9)))
def counters():
    return [lambda k=k: k * 10 for k in range(3)], (lambda: k for k in range(3))
lst, gen = counters()
print([f() for f in lst], [f() for f in gen])
