# Sources nested far deeper than 3.11 reads, inside f-strings where its
# tokenizer's bracket limit does not look: each is a SyntaxError at once (read
# whole, such nesting used to take time quadratic in its depth).
DEPTH = 60000

SOURCES = {
    "format specs": 'f"{' + "{1: " * DEPTH + "1" + "}" * DEPTH + '}"',
    "format specs, unclosed": 'f"{' + "{1: " * DEPTH + '"',
    "after an unterminated string": '"\n f"({p!r} != {s.pa' + "{1: " * DEPTH,
    "nested f-strings": "x = 1\n" + "f'{" * DEPTH,
    "brackets in a field": 'f"{' + "(" * DEPTH + '"',
    "plain brackets": "(" * DEPTH,
    "brackets after a good line": "x = [1]\ny = " + "[" * DEPTH + "]" * DEPTH,
}

for what, source in SOURCES.items():
    try:
        compile(source, "deep.py", "exec")
    except SyntaxError as error:
        print(f"{what}: {type(error).__name__}: {error.msg} (line {error.lineno}, offset {error.offset})")

# Shallow nesting, and braces inside string literals, still compile.
for source in ["x = " + "[" * 150 + "]" * 150, "s = '" + "{" * 5000 + "'", 'f"{1:{2}}"']:
    compile(source, "shallow.py", "exec")
    print("compiled", len(source))
