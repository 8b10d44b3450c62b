# compile() of match statements built by hand: each pattern kind's checks, with
# CPython's ValueError messages, and patterns that are fine.
import ast

x = ast.Name("x", ast.Load())


def attempt(pattern):
    case = ast.match_case(pattern=pattern, body=[ast.Pass()])
    tree = ast.fix_missing_locations(ast.Module([ast.Match(subject=x, cases=[case])], []))
    try:
        compile(tree, "<tree>", "exec")
        print("compiled")
    except ValueError as e:
        print("ValueError:", e)


const = ast.Constant
attempt(ast.MatchValue(const(1)))
attempt(ast.MatchValue(const(None)))
attempt(ast.MatchValue(const(True)))
attempt(ast.MatchValue(ast.Name("y", ast.Load())))
attempt(ast.MatchValue(ast.Attribute(x, "y", ast.Load())))
attempt(ast.MatchValue(ast.UnaryOp(ast.USub(), const(1))))
attempt(ast.MatchValue(ast.BinOp(const(1), ast.Add(), const(2j))))
attempt(ast.MatchValue(ast.BinOp(const(1), ast.Mult(), const(2))))
attempt(ast.MatchSequence([ast.MatchStar("rest"), ast.MatchValue(const(1))]))
attempt(ast.MatchSequence([ast.MatchAs(ast.MatchStar("r"), "y")]))
attempt(ast.MatchStar("r"))
attempt(ast.MatchAs(None, "_"))
attempt(ast.MatchAs(None, "True"))
attempt(ast.MatchAs(None, None))
attempt(ast.MatchAs(ast.MatchValue(const(1)), "y"))
attempt(ast.MatchOr([ast.MatchValue(const(1))]))
attempt(ast.MatchOr([ast.MatchValue(const(1)), ast.MatchValue(const(2))]))
attempt(ast.MatchMapping([const(1)], [], None))
attempt(ast.MatchMapping([const(None), const(True)], [ast.MatchAs(), ast.MatchAs()], None))
attempt(ast.MatchMapping([ast.Name("k", ast.Load())], [ast.MatchAs()], None))
attempt(ast.MatchMapping([], [], "_"))
attempt(ast.MatchMapping([], [], "rest"))
attempt(ast.MatchClass(ast.Call(x, [], []), [], [], []))
attempt(ast.MatchClass(ast.Attribute(x, "C", ast.Load()), [], ["None"], [ast.MatchAs()]))
attempt(ast.MatchClass(x, [ast.MatchStar()], [], []))
attempt(ast.MatchClass(x, [], ["a"], [ast.MatchAs(None, "b")]))
