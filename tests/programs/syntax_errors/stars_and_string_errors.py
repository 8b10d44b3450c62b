# Stars where 3.11's grammar names them (in groups, f-string fields, set and
# dict displays, `del`, after `**` arguments), and where an error found in a
# string literal points: at the token the parser had read after the strings.
SOURCES = [
    'f"{*a}"', 'f"{ *a}"', 'f"{**a}"', 'f"{*a,}"', 'f"{{*a}}"', '(**a)', '[**a]',
    'f(**a, *b)', 'f(x, **a, *b)', 'f(x, y=1, **a, z=2, *b)',
    '{*x: 1}', '{**a: 1}', '{1: 2, **a: 1}', '{1, *a: 2}',
    'del *a', 'del (*a)', 'del x, *a',
    'f"{a!}" + 1', 'f"{a!}"   xyz', 'f"{a!}" "b"', 'f"{a!}"  # c', 'x = (f"{a!}",)',
    'f"{}" 12', "f'{a['x']}'", 'f"{a!}"\n', 'f"{a:{b:{c}}}" or 1', 'f"{a!x}" if 1 else 2',
]
for source in SOURCES:
    try:
        compile(source, "<case>", "exec")
        print("ok:", repr(source))
    except SyntaxError as e:
        print(repr(source), "->", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))
