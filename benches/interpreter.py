# A tokenizer, parser and tree-walking interpreter for a small language with
# variables, arithmetic, comparisons, while loops, if/else and functions.
import re

SOURCE = """
fn fib(n) {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}
fn collatz(n) {
    steps = 0;
    while (n != 1) {
        if (n % 2 == 0) { n = n / 2; } else { n = 3 * n + 1; }
        steps = steps + 1;
    }
    return steps;
}
fn gcd(a, b) {
    while (b != 0) { t = b; b = a % b; a = t; }
    return a;
}
total = 0;
i = 1;
while (i <= 1200) {
    total = total + collatz(i) + gcd(i * 7, 84);
    i = i + 1;
}
print(total);
print(fib(18));
sum = 0;
j = 0;
while (j < 10000) {
    if (j % 3 == 0 or j % 5 == 0) { sum = sum + j; }
    j = j + 1;
}
print(sum);
"""

TOKEN = re.compile(r"\s*(?:(\d+)|([A-Za-z_]\w*)|(==|!=|<=|>=|[-+*/%<>=(){};,]))")


def tokenize(text):
    tokens = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise SyntaxError(f"bad character at {pos}: {text[pos]!r}")
        number, name, op = m.groups()
        if number is not None:
            tokens.append(("num", int(number)))
        elif name is not None:
            tokens.append(("kw" if name in ("fn", "if", "else", "while", "return", "or", "and") else "name", name))
        else:
            tokens.append(("op", op))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    tokens.append(("end", None))
    return tokens


class Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.pos = 0

    def peek(self):
        return self.tokens[self.pos]

    def take(self, kind=None, value=None):
        tok = self.tokens[self.pos]
        if (kind and tok[0] != kind) or (value and tok[1] != value):
            raise SyntaxError(f"expected {value or kind}, got {tok}")
        self.pos += 1
        return tok

    def at(self, value):
        return self.tokens[self.pos][1] == value

    def program(self):
        body = []
        while self.peek()[0] != "end":
            body.append(self.statement())
        return body

    def block(self):
        self.take("op", "{")
        body = []
        while not self.at("}"):
            body.append(self.statement())
        self.take("op", "}")
        return body

    def statement(self):
        tok = self.peek()
        if tok == ("kw", "fn"):
            self.take()
            name = self.take("name")[1]
            self.take("op", "(")
            params = []
            while not self.at(")"):
                params.append(self.take("name")[1])
                if self.at(","):
                    self.take()
            self.take("op", ")")
            return ("fn", name, params, self.block())
        if tok == ("kw", "if"):
            self.take()
            self.take("op", "(")
            cond = self.expr()
            self.take("op", ")")
            then = self.block()
            other = []
            if self.at("else"):
                self.take()
                other = self.block()
            return ("if", cond, then, other)
        if tok == ("kw", "while"):
            self.take()
            self.take("op", "(")
            cond = self.expr()
            self.take("op", ")")
            return ("while", cond, self.block())
        if tok == ("kw", "return"):
            self.take()
            value = self.expr()
            self.take("op", ";")
            return ("return", value)
        if tok[0] == "name" and self.tokens[self.pos + 1] == ("op", "="):
            self.take()
            self.take()
            value = self.expr()
            self.take("op", ";")
            return ("set", tok[1], value)
        value = self.expr()
        self.take("op", ";")
        return ("expr", value)

    def expr(self):
        left = self.comparison()
        while self.at("or") or self.at("and"):
            op = self.take()[1]
            left = (op, left, self.comparison())
        return left

    def comparison(self):
        left = self.sum()
        while self.peek()[1] in ("<", ">", "<=", ">=", "==", "!="):
            op = self.take()[1]
            left = ("bin", op, left, self.sum())
        return left

    def sum(self):
        left = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            left = ("bin", op, left, self.term())
        return left

    def term(self):
        left = self.atom()
        while self.peek()[1] in ("*", "/", "%"):
            op = self.take()[1]
            left = ("bin", op, left, self.atom())
        return left

    def atom(self):
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "name":
            if self.at("("):
                self.take()
                args = []
                while not self.at(")"):
                    args.append(self.expr())
                    if self.at(","):
                        self.take()
                self.take("op", ")")
                return ("call", value, args)
            return ("var", value)
        if value == "(":
            inner = self.expr()
            self.take("op", ")")
            return inner
        if value == "-":
            return ("bin", "-", ("num", 0), self.atom())
        raise SyntaxError(f"unexpected {value!r}")


class Return(Exception):
    def __init__(self, value):
        self.value = value


BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a // b,
    "%": lambda a, b: a % b,
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
}


class Interpreter:
    def __init__(self, out):
        self.functions = {}
        self.globals = {}
        self.out = out
        self.calls = 0

    def run(self, body, env):
        for stmt in body:
            self.execute(stmt, env)

    def execute(self, stmt, env):
        kind = stmt[0]
        if kind == "set":
            env[stmt[1]] = self.eval(stmt[2], env)
        elif kind == "expr":
            self.eval(stmt[1], env)
        elif kind == "if":
            self.run(stmt[2] if self.eval(stmt[1], env) else stmt[3], env)
        elif kind == "while":
            while self.eval(stmt[1], env):
                self.run(stmt[2], env)
        elif kind == "return":
            raise Return(self.eval(stmt[1], env))
        elif kind == "fn":
            self.functions[stmt[1]] = stmt
        else:
            raise RuntimeError(kind)

    def eval(self, node, env):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "var":
            return env[node[1]]
        if kind == "bin":
            return BINARY[node[1]](self.eval(node[2], env), self.eval(node[3], env))
        if kind == "or":
            return self.eval(node[1], env) or self.eval(node[2], env)
        if kind == "and":
            return self.eval(node[1], env) and self.eval(node[2], env)
        if kind == "call":
            args = [self.eval(arg, env) for arg in node[2]]
            if node[1] == "print":
                self.out.append(args[0])
                return 0
            self.calls += 1
            _, _, params, body = self.functions[node[1]]
            try:
                self.run(body, dict(zip(params, args)))
            except Return as ret:
                return ret.value
            return 0
        raise RuntimeError(kind)


tree = Parser(tokenize(SOURCE)).program()
out = []
machine = Interpreter(out)
machine.run(tree, machine.globals)
print(len(tree), machine.calls)
for value in out:
    print(value)
