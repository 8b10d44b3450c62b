# exec, eval and compile.
print(eval("1 + 2 * 3"), eval("x * 2", {"x": 21}), eval("[a, b]", {"a": 1}, {"b": 2}))
ns = {}
exec("def sq(n):\n    return n * n\nresult = sq(7)", ns)
print(ns["result"], ns["sq"](3), "__builtins__" in ns)
code = compile("y = 10\nprint('compiled', y)", "<snippet>", "exec")
print(type(code).__name__, code.co_filename, code.co_name)
exec(code)
print(y)
expr = compile("2 ** 8", "<expr>", "eval")
print(eval(expr))
single = compile("5 + 5", "<single>", "single")
exec(single)
print(exec("z = 1"), z)
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__, e.msg, e.filename)
try:
    eval("undefined_thing")
except NameError as e:
    print(type(e).__name__, e)
local_ns = {}
exec("a = 1\nb = a + 1", {}, local_ns)
print(local_ns)
print(eval("len('abc')", {"__builtins__": {"len": len}}))
