# exec(code, globals, closure=cells) runs a function's code with those cells as
# its free variables; the closure must be an exact tuple of exactly that many cells.
def make():
    a = 2
    b = 3
    def three():
        nonlocal a, b
        a = a * b
    def read():
        return a
    return three, read
three, read = make()
def outer():
    result = 0
    def f():
        nonlocal result
    return f
g = {"__builtins__": __builtins__}
exec(three.__code__, three.__globals__, closure=three.__closure__)
print(read())
for closure in [None, (), three.__closure__[:2], (1, 2, 3), list(three.__closure__)]:
    try:
        exec(three.__code__, three.__globals__, closure=closure)
    except TypeError as e:
        print("TypeError:", e)
code = compile("print('hi')", "", "exec")
for closure in [None, three.__closure__]:
    try:
        exec(code, {}, closure=closure)
    except TypeError as e:
        print("TypeError:", e)
try:
    exec("x = 1", {}, closure=three.__closure__)
except TypeError as e:
    print("TypeError:", e)
