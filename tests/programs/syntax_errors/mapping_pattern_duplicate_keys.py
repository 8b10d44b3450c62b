# A mapping pattern's constant keys are duplicates when Python's == says so:
# 0, False, 0.0, -0 and 0j are one key.
sources = [
    "match x:\n case {0: _, False: _}: pass",
    "match x:\n case {0: _, 0.0: _}: pass",
    "match x:\n case {0: _, -0: _}: pass",
    "match x:\n case {0: _, 0j: _}: pass",
    'match x:\n case {"a": _, "a": _}: pass',
    "match x:\n case {1: _, True: _}: pass",
    'match x:\n case {1: _, 2: _, b"1": _, "1": _}: pass',
    "match x:\n case {100000000000000000000: _, 1e20: _}: pass",
    "match x:\n case {0.5: _, 0.5+0j: _}: pass",
    "match x:\n case {None: _, False: _}: pass",
    "match x:\n case {-1.5: _, -1.5-0j: _}: pass",
]
for source in sources:
    try:
        compile(source, "<test>", "exec")
        print(repr(source), "compiles")
    except SyntaxError as e:
        print(repr(source), "|", e.msg, e.lineno, e.offset, e.end_offset)
