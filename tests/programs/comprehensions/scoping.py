# Comprehension variables do not leak; the first iterable is evaluated in the enclosing scope.
x = "outer"
squares = [x * 2 for x in range(3)]
print(x, squares)
class K:
    base = 10
    values = [i for i in range(3)]
    try:
        shifted = [base + i for i in range(3)]
    except NameError as e:
        error = str(e)
print(K.values, K.error)
class L:
    base = [1, 2]
    doubled = [i * 2 for i in base]
print(L.doubled)
def f():
    n = 5
    return [lambda: n * i for i in range(3)]
print([g() for g in f()])
fs = [lambda i=i: i for i in range(3)]
print([g() for g in fs])
try:
    print(i)
except NameError as e:
    print(type(e).__name__, e)
