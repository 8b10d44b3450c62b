# Quote styles and nesting of f-strings.
who = "world"
print(f'hello {who}', f"hello {who!r}", f'''{who}''', F"{who.upper()}")
print(f"{'a' + 'b'}", f'{"c" + "d"}')
print(f"{f'{who}'}")
items = {"a": 1}
print(f"{items['a']:03}")
print(f"{who:s}", f"{who:.2}", f"{who:>{len(who) + 2}}")
