# _contextvars: ContextVar, Token and Context as native types (no addresses printed).
import contextvars
from contextvars import ContextVar, Context, Token, copy_context

def short(obj):
    return repr(obj).split(' at 0x')[0]

v = ContextVar('v'); t0 = v.set(1)
c = copy_context()
print(c[v], len(c), v in c, list(c) == [v], c.get(v), list(c.keys()) == [v], list(c.values()), len(c.items()))
print(repr(Token.MISSING), type(Token.MISSING).__name__, type(Token.MISSING).__module__)
t = v.set(2); print(t.old_value, t.var is v, t0.old_value is Token.MISSING, short(t), short(v))
print(short(ContextVar('d', default=[1])), ContextVar('d', default=[1]).get(), v.name)
print(ContextVar.__module__, Context.__module__, type(c).__name__, hasattr(c, '__dict__'))
for action in ('v.x = 1', 'v.name = 1', 'ContextVar.x = 1', 'Token.x = 1', 't.var = 1'):
    try:
        exec(action)
    except (AttributeError, TypeError) as e:
        print(action, type(e).__name__, e)
for base in (ContextVar, Token, Context):
    try:
        class X(base):
            pass
    except TypeError as e:
        print(e)
print(ContextVar[int], Token[int], c == c.copy(), c != 1, c.__eq__(1), Context() == Context())
w = ContextVar('w')
tests = [
    'c[1]', 'c[w]', 'w.get()', 'w.get("fallback")', 'hash(c)', 'hash(t)', 'hash(v) == hash(v)',
    'ContextVar()', 'ContextVar("a").get(1, 2)', 'ContextVar("a").set()', 'Context(1)',
    'Context().run()', 'copy_context(1)', 'ContextVar("a", default=1, x=2)', 'ContextVar(1)',
    'Token()', 'Context().get()', 'Context().get(1)', 'Context().run(x=1)', 'ContextVar("a", 1)',
    'ContextVar(default=1)', 'ContextVar(name="a")', 'type(Token.MISSING)()', 'v.reset(1)',
    'w.reset(t)', 'Context().keys(1)', 'v in Context()', '1 in Context()',
]
for expr in tests:
    try:
        print(expr, '->', short(eval(expr)))
    except Exception as e:
        print(expr, '!!', type(e).__name__, short(e))
for name in ('ContextVar.get', 'ContextVar.set', 'ContextVar.reset', 'Context.get', 'Context.copy',
             'Context.run', 'copy_context'):
    print(name, eval(name).__text_signature__)
def f(x):
    v.set(x)
    return v.get()
ctx = copy_context()
print(ctx.run(f, 9), v.get(), ctx[v], ctx.run(lambda **kw: kw, a=1))
try:
    ctx.run(ctx.run, f, 1)
except RuntimeError as e:
    print(short(e))
v.reset(t); print(v.get())
try:
    v.reset(t)
except RuntimeError as e:
    print(short(e))
inner = Context()
tok = inner.run(v.set, 5)
try:
    v.reset(tok)
except ValueError as e:
    print(short(e))
print(inner[v], v.get())
