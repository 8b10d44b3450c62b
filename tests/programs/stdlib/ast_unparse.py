# ast.unparse round trips, NodeVisitor walks and the helpers of ast.py.
import ast

SRC = '''
@decorator(arg)
async def f(a, /, b: int = 1, *args, c, **kw) -> "R":
    """Docstring."""
    async with ctx() as (x, y):
        await z
    return {k: v for k, v in kw.items() if k}, f"{a!r:>10} {b=}"

class C(Base, metaclass=Meta):
    x: int = 0
    def m(self):
        match self.x:
            case [1, *rest] | {"k": _}:
                pass
            case Point(x=0) as p if p:
                raise ValueError("no") from None
        lambda q=1, *r: (q, r)
        return a if b else c, not d, -e ** 2, x[1:2, ::3]
'''
tree = ast.parse(SRC)
text = ast.unparse(tree)
print(text)
print(ast.dump(ast.parse(text)) == ast.dump(tree))

class Names(ast.NodeVisitor):
    def __init__(self):
        self.names = []
    def visit_Name(self, node):
        self.names.append(node.id)
        self.generic_visit(node)

v = Names()
v.visit(tree)
print(sorted(set(v.names)))
print([type(n).__name__ for n in ast.walk(ast.parse("a + b * c"))])
print(tree.body[0].body[0].value.value)
print(ast.get_source_segment(SRC, tree.body[1].body[0]))
print([n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))])
print(ast.increment_lineno(ast.parse("x"), 5).body[0].lineno)
