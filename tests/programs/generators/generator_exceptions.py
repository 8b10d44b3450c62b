# Exceptions raised in generators propagate to the consumer.
def faulty():
    yield 1
    raise ValueError("from generator")
    yield 2
g = faulty()
print(next(g))
try:
    next(g)
except ValueError as e:
    print(type(e).__name__, e)
print(next(g, "done"))
def catcher():
    for i in range(3):
        try:
            yield 10 // (1 - i)
        except ZeroDivisionError:
            yield "div by zero"
try:
    print(list(catcher()))
except ZeroDivisionError as e:
    print("escaped", e)
def guard():
    try:
        yield from faulty()
    except ValueError as e:
        yield "caught " + str(e)
print(list(guard()))
