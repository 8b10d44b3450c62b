# pdb driven by scripted commands: breakpoints, step, next, return, until, jump,
# printing and changing locals, where, up/down, continue.
import io
import pdb
import sys


def helper(n):
    total = 0
    for i in range(n):
        total += i
    return total


def program():
    x = 1
    y = helper(3)
    x = x + y
    z = [x, y]
    return z


commands = [
    'step', 'step', 'step', 'where', 'up', 'p n', 'down',
    'return', 'next', 'p x, y', '!x = 100', 'next', 'p x',
    'jump 19', 'next', 'p z', 'continue',
]
out = io.StringIO()
debugger = pdb.Pdb(stdin=io.StringIO('\n'.join(commands) + '\n'), stdout=out, nosigint=True)
debugger.use_rawinput = False
result = debugger.runcall(program)
print("result:", result)
for line in out.getvalue().splitlines():
    print(line.replace(__file__, 'FILE'))
