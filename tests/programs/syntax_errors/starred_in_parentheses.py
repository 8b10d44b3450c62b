# A starred expression in parentheses is neither a value nor a target; a
# duplicate keyword from ** unpacking is named as str() shows the key.
for source in ["(*x)", "y = ( *x ) + 1", "(*x),y = 1, 2", "for (*x) in y: pass",
               "del (*x),", "print((*x))", "f((*a))", "x = *a", "*x = 1",
               "a, *b = c", "print(*a)", "[*a, *b]"]:
    try:
        compile(source, "<case>", "exec")
        print("ok:", source)
    except SyntaxError as e:
        print(source, "->", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)


def f(**kw):
    return kw


for first, second in [({1: 3}, {1: 5}), ({"a": 1}, {"a": 2}), ({(1, 2): 0}, {(1, 2): 1})]:
    try:
        f(**first, **second)
    except TypeError as e:
        print(e)
