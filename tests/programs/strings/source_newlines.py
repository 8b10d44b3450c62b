# Source lines may end with \r\n or a lone \r; the compiler reads either as \n,
# inside string literals too (CPython's translate_newlines).
import ast
for src in ['s = """a\r\nb"""\r\n', 's = """a\rb\r\rc"""', "s = 'x' \\\r\n  + 'y'\r\n", 's = """\r\n"""']:
    ns = {}
    exec(compile(src, 'f', 'exec'), ns)
    print(repr(ns['s']), repr(eval(compile(src.encode(), 'f', 'exec') and 's', ns)))
tree = ast.parse('x = """a\r\nb\rc"""\r\ny = 2\r\n')
print(ast.dump(tree, include_attributes=True))
exec(b'print(repr("""1\r\n2"""))')
