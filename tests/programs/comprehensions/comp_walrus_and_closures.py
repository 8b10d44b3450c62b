# Walrus inside comprehensions binds in the enclosing scope.
data = [1, 5, 2, 8, 3]
total = 0
running = [total := total + x for x in data]
print(running, total)
if any((found := x) > 4 for x in data):
    print("first big", found)
def outer():
    factor = 3
    return [x * factor for x in range(3)]
print(outer())
def make():
    return {name: (lambda n=name: n.upper()) for name in ["a", "b"]}
print({k: f() for k, f in make().items()})
