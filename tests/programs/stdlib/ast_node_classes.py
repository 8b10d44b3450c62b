# The `_ast` node classes: fields, attributes, constructors and their errors,
# subclassing, copying, and the deprecated aliases `ast.py` defines on top.
import ast
import copy

print(ast.AST, ast.AST.__module__, ast.Name.__module__, ast.Name.__mro__)
print(ast.AST._fields, ast.AST._attributes)
print(ast.Module._fields, ast.Module.__match_args__)
print(ast.FunctionDef._fields)
print(ast.expr._attributes, ast.arguments._attributes, ast.arg._attributes, ast.pattern._attributes)
print(ast.Load._fields, ast.Add.__mro__)
print(ast.Constant.__doc__)
print(ast.stmt.__doc__.splitlines()[0])
print(ast.PyCF_ONLY_AST, ast.PyCF_TYPE_COMMENTS, ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)

# Optional fields default to None on the class; others are simply absent.
n = ast.Return()
print(n.value, ast.Constant(1).kind, ast.expr.end_lineno, hasattr(ast.Name(), "id"))
print(sorted(vars(ast.Name("x", ast.Load(), lineno=3))))

for make in [lambda: ast.Module(1, 2, 3), lambda: ast.Load(1), lambda: ast.Return(1, 2),
             lambda: ast.Name(1, 2, 3)]:
    try:
        make()
    except TypeError as e:
        print("TypeError:", e)

b = ast.BinOp(ast.Constant(1), ast.Add(), right=ast.Constant(2))
print(ast.dump(b))
print(b.__reduce__()[0], b.__reduce__()[1])
print(ast.dump(copy.deepcopy(b)))

class MyName(ast.Name):
    _fields = ("id", "ctx", "extra")

m = MyName("a", ast.Load(), 5)
print(type(m).__name__, m.extra, isinstance(m, ast.expr), ast.dump(m))

match ast.parse("x = 1").body[0]:
    case ast.Assign(targets=[ast.Name(id=name)], value=ast.Constant(value=v)):
        print("matched", name, v)

num = ast.Num(5)
print(type(num).__name__, num.n, isinstance(num, ast.Num), isinstance(ast.Constant("s"), ast.Str))
print(isinstance(ast.Constant(1), ast.Str), ast.Str("s").s, type(ast.Ellipsis()).__name__)
print(ast.Index(ast.Constant(1)).__class__.__name__)
