# A traceback through a generator frame.
def numbers():
    yield 1
    yield 2 // 0
def consume():
    return sum(numbers())
consume()
