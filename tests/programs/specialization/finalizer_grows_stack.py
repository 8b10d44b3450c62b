# A finaliser that runs when an expression statement drops the last reference, and
# that recurses deeply enough to grow (and move) the interpreter's value stack,
# between two instructions of a loop that keeps going after it.
class D:
    def __del__(self):
        def deep(n):
            return 0 if n == 0 else 1 + deep(n - 1)
        deep(400)


def f(k):
    total = 0
    for i in range(k):
        D()
        total += i
    return total


print(f(50))


class E:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        def deep(n):
            return [n] if n == 0 else deep(n - 1) + [n]
        print("del", self.n, len(deep(300)))


def g():
    values = []
    for i in range(3):
        E(i)
        values.append(i * 2)
        x = E(i + 10)
        x = None
        values.append(i)
    return values


print(g())
