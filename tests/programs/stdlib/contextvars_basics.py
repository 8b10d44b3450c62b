# contextvars: variables, tokens, copied contexts and Context.run.
import contextvars as cv
v = cv.ContextVar("v", default=1)
print(v.name, v.get())
t = v.set(5)
print(v.get(), t.var is v, t.old_value)
v.reset(t)
print(v.get())
try:
    v.reset(t)
except RuntimeError:
    print("token used twice")
w = cv.ContextVar("w")
try:
    w.get()
except LookupError as e:
    print(type(e).__name__)
print(w.get("fallback"))
ctx = cv.copy_context()
def f(x):
    v.set(x)
    return v.get()
print(ctx.run(f, 9), v.get(), ctx[v], len(ctx), v in ctx, list(ctx.keys()) == [v])
print(cv.Token.MISSING, type(ctx).__name__)
