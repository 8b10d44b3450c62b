# Infinite generators stopped with break or islice-free slicing by hand.
def naturals():
    n = 0
    while True:
        yield n
        n += 1
for n in naturals():
    if n * n > 50:
        break
print("stopped at", n)
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
first = []
for x in fib():
    if len(first) == 15:
        break
    first.append(x)
print(first)
def take(n, it):
    return [v for _, v in zip(range(n), it)]
print(take(5, naturals()), take(3, fib()))
evens = (n for n in naturals() if n % 2 == 0)
print(next(evens), next(evens), next(evens))
