# ast.parse issues the tokenizer's and string parser's warnings, not the compiler's.
import ast, warnings
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    ast.parse('x = 1if 1 else 2')
    ast.parse('x is 1')
    ast.parse('s = "\\d"')
    print([(str(m.message), m.category.__name__, m.lineno) for m in w])
warnings.simplefilter('error')
try:
    ast.parse('s = "\\d"')
except SyntaxError as e:
    print('SyntaxError', e.msg, e.lineno, e.offset)
