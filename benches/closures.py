# Closures, lambdas, comprehensions and builtin calls.
def make_adder(k):
    def add(x):
        return x + k
    return add


def run(n):
    adders = [make_adder(k) for k in range(10)]
    total = 0
    for i in range(n):
        total += adders[i % 10](i)
    evens = [x for x in range(n) if x % 2 == 0]
    mapped = list(map(lambda x: x * 2, evens))
    return total, len(mapped), sum(filter(lambda x: x % 3 == 0, mapped))


print(run(1500000))
