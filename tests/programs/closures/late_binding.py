# Closures in loops see the variable's final value unless bound early.
funcs = []
for i in range(3):
    funcs.append(lambda: i)
print([f() for f in funcs])
early = [lambda i=i: i for i in range(3)]
print([f() for f in early])
def make(n):
    return lambda: n
bound = [make(i) for i in range(3)]
print([f() for f in bound])
i = 10
print([f() for f in funcs])
