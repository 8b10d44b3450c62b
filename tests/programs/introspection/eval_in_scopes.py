# eval and exec see the given globals and locals.
g = {"x": 1}
l = {"y": 2}
print(eval("x + y", g, l))
exec("z = x + y", g, l)
print(sorted(l), "z" in g)
def inside():
    local_value = 10
    return eval("local_value * 2")
print(inside())
src = "def made():\n    return 'made by exec'\n"
exec(src)
print(made(), made.__module__ if hasattr(made, "__module__") else None, made.__code__.co_filename)
print(eval("__name__"), eval("__name__", {"__name__": "custom"}))
