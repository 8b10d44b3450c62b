# An exponent without digits after its sign is pointed at the sign; a
# comprehension's inner loop may not rebind what one of its assignment
# expressions named (nor may an assignment expression rebind a loop variable).
SOURCES = [
    "x = 32e-+4", "x = 32e+", "x = 1e-x", "x = 1.5e+_3", "x = 32ea", "x = 1e5",
    "{i for i in range(5) if (j := 0) for j in range(5)}",
    "[i for i in range(5) if (j := 0) for k in range(5) for j in range(2)]",
    "[(j := 0) for j in range(5)]",
    "[i for i in range(5) if (j := i) if j]",
]
for source in SOURCES:
    try:
        compile(source, "<case>", "exec")
        print("ok:", source)
    except SyntaxError as e:
        print(source, "->", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
