# Syntax errors reported through compile(): Python 2 statements, mixed except
# and except* handlers, digits out of a literal's base after an underscore.
sources = [
    "print foo",
    "print foo.",
    "print foo bar baz",
    "print foo, bar baz",
    "print a, b  # comment",
    'print "#", b',
    "print (foo.)",
    "print {1:(foo.)}",
    "print {1:foo}",
    "if 1: print foo",
    "if 1:\n    exec {1:foo}",
    "x = 1; print x",
    "exec = 1; exec + + +",
    "try: pass\nexcept* ValueError: pass\nexcept TypeError: pass",
    "try: pass\nexcept ValueError: pass\nexcept *TypeError: pass",
    "try: pass\nexcept ValueError: pass\nexcept* TypeError: pass\nexcept* KeyError: pass",
    "try:\n    pass\nexcept* A:\n    pass\nexcept:\n    pass",
    "0b1_2",
    "0o1_8",
    "0b1_a",
    "0o_9",
    "0x1_g",
    "1_a",
    "0b1__1",
    "0o7_7_8",
]
for source in sources:
    try:
        compile(source, "<test>", "exec")
        print(repr(source), "compiles")
    except SyntaxError as e:
        print(repr(source), "|", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)

# Modules and classes make their __annotations__ on first read.
import types

m = types.ModuleType("m")
print(m.__annotations__, "__annotations__" in m.__dict__)
m.__annotations__ = {"a": 1}
print(m.__annotations__)
del m.__annotations__
try:
    del m.__annotations__
except AttributeError as e:
    print("AttributeError", e)
print(m.__annotations__)
