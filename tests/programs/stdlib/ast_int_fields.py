# Int fields of ast nodes compiled from Python objects are C ints, as CPython's
# obj2ast_int reads them: too large is an OverflowError, a non-int a ValueError.
import ast
for field, value in [("lineno", 2**31), ("lineno", -2**31 - 1), ("col_offset", 2**40), ("end_lineno", 2**31), ("lineno", "1"), ("lineno", 1.5), ("lineno", True), ("end_col_offset", None)]:
    tree = ast.parse("for i in range(3): pass")
    setattr(tree.body[0].iter.func, field, value)
    try:
        code = compile(tree, "tree.py", "exec")
        print(field, repr(value), "compiled", code.co_names)
    except (OverflowError, ValueError, TypeError) as e:
        print(field, repr(value), type(e).__name__, e)
