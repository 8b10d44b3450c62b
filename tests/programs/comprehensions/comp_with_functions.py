# Comprehensions calling functions and methods.
def square(n):
    return n * n
names = ["  Ann ", "bob", " CID"]
print([n.strip().title() for n in names])
print([square(n) for n in range(5) if square(n) % 2 == 0])
print(dict((n.strip().lower(), len(n.strip())) for n in names))
print(list(map(square, [x for x in range(4)])))
print([f(3) for f in (square, abs, str, lambda v: -v)])
