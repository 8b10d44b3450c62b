# compile() of hand-made ast trees: None inside lists of expressions and
# statements, a comparison without comparators, parameters whose annotations
# are checked before their lists' lengths, and constants of subclassed types.
import ast


def attempt(tree, mode="exec"):
    tree = ast.fix_missing_locations(tree)
    try:
        compile(tree, "<tree>", mode)
        print("compiled")
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)


def expr(node):
    node.lineno = node.col_offset = 0
    attempt(ast.Module([ast.Expr(node)], []))


load, store = ast.Load(), ast.Store()
x = ast.Name("x", load)
expr(ast.List([None], load))
expr(ast.Tuple([x, None], load))
expr(ast.Set([None]))
expr(ast.Dict([x], [None]))
expr(ast.Dict([None], [x]))  # a None key is `**x`
expr(ast.Call(x, [None], []))
attempt(ast.Module([None], []))
attempt(ast.Module([ast.Pass(), None], []))
expr(ast.Compare(x, [ast.In()], []))
expr(ast.Compare(x, [ast.In()], [x, x]))
expr(ast.Compare(x, [], [x]))

bad = [ast.arg("a", ast.Name("a", store))]
good = [ast.arg("a", None)]
for params in (
    ast.arguments([], [], None, bad, [], None, []),
    ast.arguments([], good, None, [], [], None, [x, x]),
    ast.arguments([], good, None, good, [], None, []),
    ast.arguments([], bad, None, [], [], None, [x, x]),
    ast.arguments([], [], ast.arg("v", ast.Name("v", store)), good, [], None, []),
):
    expr(ast.Lambda(params, x))


class SubInt(int):
    pass


class SubStr(str):
    pass


for value in (1, True, 2.5, 1j, "s", b"b", None, ..., (1, ("a",)), frozenset({1}),
              SubInt(3), SubStr("t"), (1, SubInt(2)), [1]):
    node = ast.Constant(value)
    node.lineno = node.col_offset = 0
    attempt(ast.Expression(node), "eval")

# A Name may not hold a constant's name, in any context.
for constant in "True", "False", "None", "true":
    for ctx in load, store:
        node = ast.Name(constant, ctx)
        node.lineno = node.col_offset = 0
        attempt(ast.Expression(node), "eval")
