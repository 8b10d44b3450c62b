# globals() and locals().
counter = 1
g = globals()
print(g["counter"], "g" in g, g["__name__"], "__builtins__" in g)
g["made_here"] = "via globals"
print(made_here)
def f(a, b=2):
    c = a + b
    return locals()
print(f(1))
def g2():
    x = 1
    loc = locals()
    loc["x"] = 99
    return x
print(g2())
class C:
    y = 5
    names = sorted(k for k in locals() if not k.startswith("__"))
print(C.names)
print(locals() is globals())
