# String literals: escapes, raw strings, implicit concatenation, triple quotes.
print("a\tb", "a\\b", "\x41\u0042\N{LATIN SMALL LETTER C}", "\101", len("\n"))
print(r"raw\n\t", R"C:\dir", len(r"\\"))
print("implicit" " concat" ' mixed')
text = """line one
line two\
 continued"""
print(text)
print('''single 'quoted' "triple"''')
print("\'\"", '\"')
print(b"\x41" + rb"\x41")
