# ast.literal_eval over the literal forms it accepts, and its refusals.
import ast

for text in ["1", "-2.5", "1+2j", "'s' 't'", "b'x'", "[1, (2, 3), {4: 5}]", "{1, 2}",
             "None", "True", "  {'a': [1, -1]}", "set()", "()", "0x10"]:
    print(repr(ast.literal_eval(text)))
print(ast.literal_eval(ast.parse("[1, 2]", mode="eval")))
for text in ["f(1)", "a + 1", "[x for x in y]", "1 +", "{**a}"]:
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError) as e:
        print(type(e).__name__, str(e).split(" object at ")[0])
