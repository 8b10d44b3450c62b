# Generator pipelines and generator expressions.
def numbers(n):
    for i in range(n):
        yield i


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x


def squares(source):
    for x in source:
        yield x * x


print(sum(squares(evens(numbers(3000000)))), max(x % 1000 for x in range(2000000)))
