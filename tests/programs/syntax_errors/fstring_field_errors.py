# 3.11 scans an f-string's replacement fields itself, with errors of its own,
# before and around parsing each field's expression (which it parses as
# "(expression)", shown as the error's text).
srcs = ["f'{a!x}'", "f'{a b}'", "f'ab{(}'", "f'{a#}'", "f'{\\n}'", "f'{!r}'", "f'{a!}'", "f'}'",
        "f'{\"a}'", "f'{a)}'", "f'{a'", "f'{a:{b:{c}}}'", "f'{a b!x}'", "f'{ }'", "f'{a=!x}'",
        "x = 1\ny = f'''abc\n  {a b}'''", "f'{a}{3 +}'", "f'{a:{b c}}'", "f'{x!r:>{w b}}'",
        "f'{:x}'", "f'{=}'", "f'{a[}'", "f'{a(]}'", "f'{{}}' f'{'", "f'''\n{\n(123_a)\n}'''",
        "'\\N{GREEK CAPITAL LETTER DELTA'", "f'\\N{GREEK'", "'\\N'", "x = (a b)", "x = (1 2)",
        "f'{a!r=}'", "f'{a:}' f'{b!s:>{c}}' f'{{{d}}}'", "f'{3!'", "f'{3:'", "f'{3='"]
for s in srcs:
    try:
        compile(s, 'src', 'exec')
        print(repr(s), 'compiles')
    except SyntaxError as e:
        print(repr(s), e.msg, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset)
