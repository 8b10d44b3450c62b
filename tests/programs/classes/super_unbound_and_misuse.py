# super() in its forms: zero-argument, explicit, unbound (whose attributes are its
# own), and misused.
class A:
    def f(self): return "A"
class B(A):
    def f(self): return "B" + super().f() + super(B, self).f()
    @classmethod
    def g(cls): return super().f
print(B().f(), B.g().__qualname__, super(B).__repr__()[:20])
for c in ["super(1,2,3)", "super(x=1)", "super(B, B(), 1)", "super(1)", "super(B, 1)"]:
    try: eval(c)
    except Exception as e: print(c, type(e).__name__, e)
def nofunc():
    return super()
try: nofunc()
except RuntimeError as e: print(e)
