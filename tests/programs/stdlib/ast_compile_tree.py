# compile() of ast trees: whole modules, expressions, trees rewritten by a
# NodeTransformer, and CPython's errors for malformed trees.
import ast

src = "def f(n):\n    return n * 2\nprint(f(21), [i * i for i in range(4)])\n"
exec(compile(ast.parse(src), "<ast>", "exec"))
print(eval(compile(ast.parse("1 + 2 * 3", mode="eval"), "<ast>", "eval")))
code = compile(ast.parse(src), "<ast>", "exec")
print(code.co_code == compile(src, "<ast>", "exec").co_code)

class Double(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, int):
            return ast.copy_location(ast.Constant(node.value * 2), node)
        return node

tree = Double().visit(ast.parse("print(1 + 2, 'x')"))
exec(compile(ast.fix_missing_locations(tree), "<ast>", "exec"))

built = ast.Module(
    body=[ast.Expr(ast.Call(ast.Name("print", ast.Load()), [ast.Constant("built")], []))],
    type_ignores=[],
)
exec(compile(ast.fix_missing_locations(built), "<built>", "exec"))
print(compile(ast.parse("x"), "<ast>", "exec", ast.PyCF_ONLY_AST).__class__.__name__)
print(type(compile("x = 1", "<s>", "exec", ast.PyCF_ONLY_AST)).__name__)

L = dict(lineno=1, col_offset=0)
bad_trees = [
    (ast.Expression(ast.Constant(1)), "exec"),
    (ast.Module([], []), "eval"),
    (ast.Module([ast.Expr(None, **L)], []), "exec"),
    (ast.Module([ast.Expr(ast.Name(1, ast.Load(), **L), **L)], []), "exec"),
    (ast.Module(1, []), "exec"),
    (ast.Module([ast.Expr(ast.Constant([1], **L), **L)], []), "exec"),
    (ast.Module([ast.Expr(ast.Name("x", 1, **L), **L)], []), "exec"),
    (ast.Module([1], []), "exec"),
    (ast.Module([ast.Expr(ast.Name("x", ast.Load(), lineno="a", col_offset=0), **L)], []), "exec"),
    (ast.Module([ast.ImportFrom("x", [ast.alias("a")], **L)], []), "exec"),
    (ast.Module([ast.Expr()], []), "exec"),
    (ast.Module([ast.Pass(**L)]), "exec"),
]
for tree, mode in bad_trees:
    try:
        compile(tree, "<bad>", mode)
        print("compiled")
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

for call in [lambda: compile("x", "<s>", "func_type"), lambda: compile(1, "<s>", "exec"),
             lambda: compile("x", "<s>", "bad")]:
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
