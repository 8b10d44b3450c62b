# A call whose keyword name is an expression (`f(a.b=1)`), a parenthesized name
# or a keyword constant: 3.11's messages and ranges, from the expression
# through the `=`.
sources = [
    "print(end1 + end2 = ' ')",
    "f(a.b=1)",
    "f(a[0]=1)",
    "f(x()=1)",
    "f(True=1)",
    "f(None = 1)",
    "f((a)=1)",
    "f( ( a ) = 1)",
    "f(a, b+1=2)",
    "f(**a, b=1)",
    "f(a=1, a+1=2)",
    "f(a.b =1)",
]
for source in sources:
    try:
        compile(source, "<test>", "exec")
        print(repr(source), "compiles")
    except SyntaxError as e:
        print(repr(source), "|", e.msg, e.lineno, e.offset, e.end_offset)
