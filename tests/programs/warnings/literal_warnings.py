# Numbers run into keywords warn (SyntaxWarning) and invalid escapes in str,
# bytes and f-string literals warn (DeprecationWarning), as CPython's tokenizer
# and string parser do; an error filter makes them SyntaxErrors.
import warnings
warnings.simplefilter('always')
for src in ['x = 1if 1else 2', 'x = [0x1for x in y]', 'x = 1 if 1or 0 else 2', 'x = 0o7and 1', 'x = 1in y', 'x = 1is 1', 'x = 1not in y', 'x = 1.5if 1 else 2', 'x = 1jif 1 else 2', 'x = 1_0if 1 else 2',
            's = "\\d"', 's = b"\\d"', 's = "\\d" "\\q"', 's = "\\8"', 's = "\\777"', 's = "\\400"', 's = "\\d\\q"', 's = r"\\d"', 's = f"\\d{1}"', 's = f"{1}\\d"', 's = """\n\\d"""', 's = "ok\\n\\t\\x41\\N{BULLET}"', 'x = 1\ns = "\\q"']:
    try:
        compile(src, '<s>', 'exec'); print('ok', repr(src))
    except SyntaxError as e:
        print('SyntaxError', repr(src), e.msg, e.lineno, e.offset)
warnings.simplefilter('error')
for src in ['x = 1if 1else 2', 's = "\\d"', 's = "\\8"', 'x = 1\ns = "\\q"']:
    try:
        compile(src, '<s>', 'exec'); print('ok', repr(src))
    except SyntaxError as e:
        print('SyntaxError', repr(src), e.msg, e.lineno, e.offset, e.end_offset)
