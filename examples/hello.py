"""A small tour: functions, classes, generators and exceptions."""


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


class Greeter:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Greeter({self.name!r})"

    def greet(self):
        return f"Hello, {self.name}!"


print(Greeter("world").greet())
print([n for _, n in zip(range(10), fib())])
print(2 ** 100, sum(x * x for x in range(10)))
try:
    {}["missing"]
except KeyError as e:
    print("caught", repr(e))
