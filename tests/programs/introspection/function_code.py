# Code objects of functions: argument counts, variable names, flags.
def f(a, b, /, c, d=1, *args, e, f=2, **kw):
    local = a + b
    return local
print(f.__code__.co_argcount, f.__code__.co_posonlyargcount, f.__code__.co_kwonlyargcount)
print(f.__code__.co_varnames, f.__code__.co_nlocals)
print(f.__code__.co_name, f.__code__.co_qualname, f.__code__.co_firstlineno)
def outer():
    x = 1
    def inner():
        return x
    return inner
print(outer.__code__.co_cellvars, outer().__code__.co_freevars, outer.__code__.co_varnames)
def gen():
    yield 1
flags = [(name, bool(fn.__code__.co_flags & bit)) for name, fn, bit in
         [("generator", gen, 0x20), ("varargs", f, 0x04), ("varkeywords", f, 0x08), ("nested", outer(), 0x10), ("optimized", f, 0x01)]]
print(flags)
