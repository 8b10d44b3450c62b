# compile() and exec() of bytes decode them as a source file is decoded (PEP 263):
# a byte-order mark, a declaration on the first or second line, UTF-8 otherwise.
sources = [
    b'# -*- coding: latin-1 -*-\nx = "caf\xe9"\n',
    b'\n# vim: fileencoding=iso-8859-15 :\nx = "\xa4"\n',
    b'x = 1\n# coding: latin-1\nx = "late declaration"\n',
    b'\xef\xbb\xbfx = "bom"\n',
    b'\xef\xbb\xbf# coding: utf-8\nx = "bom and utf-8"\n',
    b'# coding=utf_8\nx = "\xc3\xa9"\n',
    b'x = 1  # a comment may hold \xff\n',
    b'x = 1  # \xff\ny = "\xe9"\n',
    b'# coding: bogus-codec\nx = 1\n',
    b'\xef\xbb\xbf# coding: latin-1\nx = 1\n',
    b'x = "\xff"\n',
    b'x = 1\ny = "ok"\nz = "\xe9"\n',
    b'# coding: ascii\nx = "\xe9"\n',
]
for src in sources:
    ns = {}
    try:
        exec(compile(src, 'src.py', 'exec'), ns)
        print(repr(ns['x']))
    except SyntaxError as e:
        print('SyntaxError:', e.msg, e.filename, e.lineno, repr(e.text))
print(eval(b'# coding: latin-1\n"\xe9"'))
print(compile('# coding: latin-1\nx = "\xe9"', 's', 'exec').co_consts[0])
exec(bytearray(b'print("from a bytearray")'))
