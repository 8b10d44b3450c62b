# exec() and compile() of text with no file show no source line for errors
# found after parsing (CPython reads the line from the file named).
try: compile('return 1', '<src>', 'exec')
except SyntaxError as e: print(repr(e.text), e.offset)
try: compile('def f():\n  nonlocal x', '<src>', 'exec')
except SyntaxError as e: print(repr(e.text), e.offset)
try: compile('await x', '<src>', 'exec')
except SyntaxError as e: print(repr(e.text), e.offset)
exec('x = 1\nprint(x is 1)')
try: exec('return 5')
except SyntaxError as e: print(e, repr(e.text))
