# A tiny stack-machine interpreter: classes, dicts of methods, exceptions.
class MachineError(Exception):
    pass
class Machine:
    def __init__(self):
        self.stack = []
        self.output = []
    def run(self, program):
        for line_no, line in enumerate(program.strip().splitlines(), 1):
            op, *args = line.split()
            handler = getattr(self, "op_" + op, None)
            if handler is None:
                raise MachineError(f"line {line_no}: unknown op {op!r}")
            handler(*args)
        return self.output
    def op_push(self, value):
        self.stack.append(int(value))
    def op_add(self):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a + b)
    def op_mul(self):
        b, a = self.stack.pop(), self.stack.pop()
        self.stack.append(a * b)
    def op_dup(self):
        self.stack.append(self.stack[-1])
    def op_print(self):
        self.output.append(self.stack[-1])
program = """
push 6
push 7
mul
print
dup
add
print
"""
print(Machine().run(program))
try:
    Machine().run("push 1\njump 3")
except MachineError as e:
    print(type(e).__name__, e)
try:
    Machine().run("add")
except IndexError as e:
    print(type(e).__name__, e)
