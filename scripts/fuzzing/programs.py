"""Kind `programs`: random but valid programs over builtin values.

A program is a list of top-level statements, each inside try/except so that one
failing statement does not end the case. Statements nest a few levels deep:
if/while/for, try (with return/break/continue in finally), with, functions with
every kind of parameter, closures, generators, lambdas, comprehensions, match,
classes. Loops run over short iterables or with a counter, so every program
ends quickly.
"""

from . import calls, values

BINARY_OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]
COMPARISONS = ["<", "<=", ">", ">=", "==", "!=", "in", "not in", "is", "is not"]
AUGMENTED = ["+=", "-=", "*=", "/=", "//=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**="]
EXCEPTIONS = ["ValueError", "TypeError", "KeyError", "IndexError", "ZeroDivisionError",
              "StopIteration", "RuntimeError", "AttributeError", "OverflowError", "Exception"]
INDEXES = ["0", "-1", "1", "5", "-100", "9223372036854775807", "-9223372036854775809", "2**64",
           "True", "'a'", "None", "1.0", "(0, 1)", "...", "slice(1, 2)"]
STEPS = ["None", "-1", "2", "-2", "3", "0", "2**64", "-2**64", "'a'", "True"]
BASES = ["object", "int", "str", "list", "dict", "Exception", "tuple", "float", "set", "bytes"]

# Imports and a linked node for deep structures and coroutines.
DEEP_SETUP = '''\
import copy, functools, gc, itertools, json, marshal, pickle, types, weakref


class Node:
    def __init__(self, next):
        self.next = next

    def __eq__(self, other):
        return isinstance(other, Node) and self.next == other.next

    __hash__ = object.__hash__

    def __repr__(self):
        return f"Node({self.next!r})"
'''

# Defined once at the top of a program that uses `with`.
CONTEXT_MANAGER = '''\
class CM:
    def __init__(self, name, suppress=False, fail=None):
        self.name, self.suppress, self.fail = name, suppress, fail

    def __enter__(self):
        if self.fail == "enter":
            raise ValueError("enter")
        return self.name

    def __exit__(self, kind, value, traceback):
        show(("exit", self.name, kind.__name__ if kind else None))
        if self.fail == "exit":
            raise KeyError("exit")
        return self.suppress
'''


# Deep structures and long chains: each is built DEPTH levels deep, then used by
# an operation that may recurse natively (python3.11 mostly answers RecursionError).
DEEP_BUILDS = [
    "[{0}]", "({0},)", "{{'k': {0}}}", "frozenset([{0}])", "Node({0})", "map(abs, {0})",
    "filter(None, {0})", "zip({0})", "(x for x in {0})", "itertools.chain({0})", "reversed([{0}])",
    "functools.partial({0})", "ValueError({0})", "slice({0})",
]
DEEP_SEEDS = {"map": "iter([-1, 2])", "filter": "iter([1, 0, 2])", "zip": "iter([1])",
              "(x": "iter([1, 2])", "itertools.chain": "iter([3])",
              "functools.partial": "abs"}
DEEP_USES = [
    "len(repr(d))", "d == d2", "d < d2", "hash(d) == hash(d)", "copy.deepcopy(d) is d", "len(pickle.dumps(d))",
    "len(json.dumps(d, default=repr))", "len(marshal.dumps(d))", "len(str(d))", "{d: 1}[d2]",
    "sorted([d, d2]) is None", "d in [d2]", "next(d)", "list(d)", "d(-5)", "gc.collect() >= 0",
    "len(f'{d!a}')", "d.args", "weakref.ref(d) is None", "[d] * 2 == [d2] * 2", "del d",
]
DEPTHS = ["500", "500", "5000", "5000", "30000", "30000", "100000"]

# Coroutines and async generators driven by hand, no event loop.
ASYNC_TEMPLATES = [
    """\
class Awaitable:
    def __await__(self):
        return {await_result}
async def co(x):
    r = await Awaitable()
    return (x, r)
c = co(1)
show(c.send(None))
show(c.send({value}))""",
    """\
async def agen():
    yield 1
    try:
        yield 2
    finally:
        show('agen finally')
g = agen()
show(g.asend(None).send(None))
show(g.athrow({exception}).send(None))
show(g.aclose().send(None))""",
    """\
async def agen():
    for i in range(3):
        yield i
async def co():
    return [x async for x in agen() if x] + [await c2 for c2 in []]
c = co()
show(c.send(None))""",
    """\
@types.coroutine
def yielder(v):
    return (yield v)
async def co():
    return await yielder({value})
c = co()
show(c.send(None))
show(c.throw({exception}))
c.close()
show(c.cr_frame is None)""",
    """\
async def co():
    return {value}
c = co()
show(c.send(None))
show(c.send(None))""",
]
AWAIT_RESULTS = ["iter([1, 2])", "(yield)", "5", "None", "iter(())", "(x for x in 'ab')", "self", "[1]"]


def indent(lines, by="    "):
    return [by + line for line in lines]


class Scope:
    """What the generator knows where it is: names in reach with their rough
    types (None when unknown), and which statements are allowed here."""

    def __init__(self, parent=None, function=False, loop=False, generator=False):
        self.parent = parent
        self.names = {}  # name -> type name or None
        self.functions = dict(parent.functions) if parent else {}  # name -> parameter count
        self.function = function
        self.loop = loop
        self.generator = generator
        self.counter = parent.counter if parent else [0]
        self.needs = parent.needs if parent else set()

    def inner(self, loop=None, exits=True):
        """A nested block of the same scope; `exits=False` where break, continue
        and return are not allowed (except* blocks)."""
        child = Scope(self, function=self.function and exits,
                      loop=(self.loop if loop is None else loop) and exits, generator=self.generator)
        child.names = self.names  # the same scope, just a deeper block
        return child

    def fresh(self, prefix):
        self.counter[0] += 1
        return f"{prefix}{self.counter[0]}"

    def visible(self):
        seen, scope = {}, self
        while scope is not None:
            for name, kind in scope.names.items():
                seen.setdefault(name, kind)
            scope = scope.parent
        return seen


class ProgramGenerator:
    def __init__(self, rng):
        self.rng = rng

    # -- expressions -------------------------------------------------------

    def atom(self, scope):
        names = scope.visible()
        if names and self.rng.random() < 0.4:
            return self.rng.choice(sorted(names))
        return values.any_value(self.rng)

    def expression(self, scope, depth=0):
        rng = self.rng
        if depth >= 2 or rng.random() < 0.3:
            return self.atom(scope)
        form = rng.choice([
            self.binary, self.binary, self.unary, self.comparison, self.comparison,
            self.subscript, self.slicing, self.method, self.method, self.builtin, self.builtin,
            self.conditional, self.boolean, self.comprehension, self.lambda_call,
            self.fstring, self.display, self.attribute, self.function_call,
        ])
        return form(scope, depth + 1)

    def binary(self, scope, depth):
        operator = self.rng.choice(BINARY_OPERATORS)
        left = self.expression(scope, depth)
        if operator in ("**", "<<"):  # bounded growth
            right = self.rng.choice(values.SMALL_INTS + values.FLOATS[:4])
        elif operator == "*":
            right = self.rng.choice(values.SMALL_INTS + values.SIZES + values.FLOATS[:3] + values.STRS[:4])
        else:
            right = self.expression(scope, depth)
        return f"({left} {operator} {right})"

    def unary(self, scope, depth):
        return f"({self.rng.choice(['-', '+', '~', 'not '])}{self.expression(scope, depth)})"

    def comparison(self, scope, depth):
        parts = [self.expression(scope, depth)]
        for _ in range(self.rng.choice([1, 1, 1, 2])):
            parts += [self.rng.choice(COMPARISONS), self.expression(scope, depth)]
        return "(" + " ".join(parts) + ")"

    def subscript(self, scope, depth):
        index = self.rng.choice(INDEXES) if self.rng.random() < 0.7 else self.expression(scope, depth)
        return f"{self.primary(scope, depth)}[{index}]"

    def slicing(self, scope, depth):
        parts = [self.rng.choice(INDEXES[:8] + ["", ""]) for _ in range(2)]
        text = ":".join(parts)
        if self.rng.random() < 0.6:
            text += ":" + self.rng.choice(STEPS)
        return f"{self.primary(scope, depth)}[{text}]"

    def primary(self, scope, depth):
        """An expression safe to subscript or call a method on."""
        text = self.expression(scope, depth)
        return text if text.isidentifier() else f"({text})"

    def method(self, scope, depth):
        names = [(n, t) for n, t in scope.visible().items() if t in calls.METHODS]
        if names and self.rng.random() < 0.5:
            name, type_name = self.rng.choice(sorted(names))
            return calls.method_call(self.rng, name, type_name)
        return calls.method_call(self.rng)

    def builtin(self, scope, depth):
        text, type_only = calls.builtin_call(self.rng)
        return f"type({text}).__name__" if type_only else text

    def conditional(self, scope, depth):
        e = [self.expression(scope, depth) for _ in range(3)]
        return f"({e[0]} if {e[1]} else {e[2]})"

    def boolean(self, scope, depth):
        operator = self.rng.choice(["and", "or"])
        return f"({self.expression(scope, depth)} {operator} {self.expression(scope, depth)})"

    def comprehension(self, scope, depth):
        rng = self.rng
        inner = Scope(scope)
        variable = scope.fresh("x")
        inner.names[variable] = None
        clauses = f"for {variable} in {rng.choice(values.ITERABLES)}"
        if rng.random() < 0.3:
            other = scope.fresh("y")
            inner.names[other] = None
            clauses += f" for {other} in {rng.choice(values.ITERABLES)}"
        if rng.random() < 0.4:
            clauses += f" if {self.expression(inner, depth + 1)}"
        element = self.expression(inner, depth) if rng.random() < 0.7 else variable
        kind = rng.randrange(4)
        if kind == 0:
            return f"[{element} {clauses}]"
        if kind == 1:
            return f"{{{element} {clauses}}}"
        if kind == 2:
            return f"{{{variable}: {element} {clauses}}}"
        return f"{rng.choice(['list', 'tuple', 'sum', 'any', 'max', 'sorted'])}({element} {clauses})"

    def lambda_call(self, scope, depth):
        inner = Scope(scope, function=True)
        inner.names.update({"p": None, "q": None})
        body = self.expression(inner, depth)
        arguments = ", ".join(self.atom(scope) for _ in range(self.rng.choice([0, 1, 2, 2, 3])))
        return f"(lambda p, q=None, *r: {body})({arguments})"

    def fstring(self, scope, depth):
        pieces = []
        for _ in range(self.rng.randint(1, 3)):
            text = self.expression(scope, depth)
            if "\\" in text or '"' in text or "\n" in text:
                text = self.atom(scope) if self.rng.random() < 0.5 else "0"
                if "\\" in text or '"' in text:
                    text = "None"
            conversion = self.rng.choice(["", "", "!r", "!s", "!a"])
            spec = self.rng.choice(["", "", ">10", "^7", "x", ".3", ",", "=^9", "08.2f", "_", "#o", "+"])
            debug = "=" if self.rng.random() < 0.1 else ""
            pieces.append(f"{self.rng.choice(['', 'é', ' '])}{{({text}){debug}{conversion}{':' + spec if spec else ''}}}")
        return 'f"' + "".join(pieces) + '"'

    def display(self, scope, depth):
        items = [self.expression(scope, depth) for _ in range(self.rng.randint(0, 3))]
        if items and self.rng.random() < 0.3:
            items[0] = "*" + self.primary(scope, depth)
        kind = self.rng.randrange(4)
        if kind == 0:
            return "[" + ", ".join(items) + "]"
        if kind == 1:
            return "(" + "".join(i + ", " for i in items) + ")"
        if kind == 2 and items:
            return "{" + ", ".join(items) + "}"
        pairs = [f"{self.expression(scope, depth)}: {i}" for i in items if not i.startswith("*")]
        if self.rng.random() < 0.3:
            pairs.append("**" + self.primary(scope, depth))
        return "{" + ", ".join(pairs) + "}"

    def attribute(self, scope, depth):
        name = self.rng.choice(["real", "imag", "start", "stop", "step", "numerator", "__class__",
                                "__name__", "denominator", "__len__", "append", "x"])
        return f"{self.primary(scope, depth)}.{name}"

    def function_call(self, scope, depth):
        if not scope.functions:
            return self.builtin(scope, depth)
        name = self.rng.choice(sorted(scope.functions))
        return f"{name}({self.call_arguments(scope, scope.functions[name])})"

    def call_arguments(self, scope, count):
        """Arguments for a generated function, about as many as it takes."""
        rng = self.rng
        arguments = [self.atom(scope) for _ in range(max(0, count + rng.choice([-1, 0, 0, 0, 1, 2])))]
        if rng.random() < 0.3:
            arguments.append(f"{rng.choice(['a', 'b', 'c', 'd', 'kw', 'zz'])}={self.atom(scope)}")
        if rng.random() < 0.1:
            arguments.append(f"**{{'c': {self.atom(scope)}}}")
        return ", ".join(arguments)

    # -- statements --------------------------------------------------------

    def block(self, scope, depth, low=1, high=4):
        lines = []
        for _ in range(self.rng.randint(low, high)):
            lines += self.statement(scope, depth)
        return lines

    def statement(self, scope, depth):
        rng = self.rng
        simple = [self.assign, self.assign, self.augmented, self.probe, self.probe, self.probe,
                  self.call_probe, self.call_probe, self.item_assign, self.unpack, self.delete,
                  self.assertion, self.raise_from]
        compound = [self.if_statement, self.for_loop, self.while_loop, self.try_statement,
                    self.with_statement, self.match_statement]
        definitions = [self.function, self.generator, self.closure, self.class_statement, self.lambda_assign]
        choices = simple * 3
        if depth < 3:
            choices += compound * 2
        if depth < 2:
            choices += definitions
        if depth == 0:
            choices += [self.deep_structure, self.coroutine]
        if scope.loop:
            choices += [self.loop_exit]
        if scope.function:
            choices += [self.return_statement]
        if scope.generator:
            choices += [self.yield_statement] * 3
        return rng.choice(choices)(scope, depth)

    def assign(self, scope, depth, literal=False):
        names = scope.visible()
        if names and self.rng.random() < 0.3 and not literal:
            name = self.rng.choice(sorted(names))
        else:
            name = scope.fresh("v")
        type_name = self.rng.choice(values.WEIGHTED_TYPES)
        if literal or self.rng.random() < 0.5:
            value = values.literal(self.rng, type_name)
        else:
            value, type_name = self.expression(scope), None
        scope.names[name] = type_name
        if self.rng.random() < 0.1:
            other = scope.fresh("v")
            scope.names[other] = type_name
            return [f"{name} = {other} = {value}"]
        return [f"{name} = {value}"]

    def augmented(self, scope, depth):
        names = sorted(scope.visible())
        if not names:
            return self.assign(scope, depth)
        name = self.rng.choice(names)
        operator = self.rng.choice(AUGMENTED)
        right = self.rng.choice(values.SMALL_INTS) if operator in ("**=", "<<=", "*=") else self.expression(scope)
        target = name if self.rng.random() < 0.8 else f"{name}[{self.rng.choice(INDEXES[:5])}]"
        return [f"{target} {operator} {right}"]

    def probe(self, scope, depth):
        return [f"show({self.expression(scope)})"]

    def call_probe(self, scope, depth):
        if self.rng.random() < 0.5:
            return [f"show({self.method(scope, depth)})"]
        text, type_only = calls.any_call(self.rng)
        return [f"show(type({text}).__name__)" if type_only else f"show({text})"]

    def item_assign(self, scope, depth):
        names = sorted(scope.visible())
        target = self.rng.choice(names) if names else self.rng.choice(values.LISTS + values.DICTS)
        roll = self.rng.random()
        if roll < 0.4:
            return [f"{target}[{self.rng.choice(INDEXES)}] = {self.expression(scope)}"]
        bounds = ":".join(self.rng.choice(INDEXES[:6] + [""]) for _ in range(2))
        if self.rng.random() < 0.5:
            bounds += ":" + self.rng.choice(STEPS)
        if roll < 0.8:
            return [f"{target}[{bounds}] = {self.rng.choice(values.ITERABLES)}"]
        return [f"del {target}[{bounds}]"]

    def unpack(self, scope, depth):
        a, b = scope.fresh("v"), scope.fresh("v")
        scope.names.update({a: None, b: None})
        pattern = self.rng.choice([f"{a}, {b}", f"{a}, *{b}", f"*{a}, {b}", f"({a}, {b}), *_",
                                   f"[{a}, {b}]", f"{a}, = {b}, ="])
        if "=" in pattern:
            return [f"{a}, = {b}, = {self.rng.choice(values.ITERABLES)}"]
        return [f"{pattern} = {self.rng.choice(values.ITERABLES)}"]

    def delete(self, scope, depth):
        names = sorted(scope.names)
        if not names:
            return ["pass"]
        name = self.rng.choice(names)
        if self.rng.random() < 0.5:
            return [f"del {name}[{self.rng.choice(INDEXES)}]"]
        del scope.names[name]
        return [f"del {name}"]

    def assertion(self, scope, depth):
        return [f"assert {self.expression(scope)}, {self.atom(scope)}"]

    def raise_from(self, scope, depth):
        kind = self.rng.choice(EXCEPTIONS)
        cause = self.rng.choice(["None", "ValueError('cause')", "KeyError", "5", self.atom(scope)])
        return self.rng.choice([[f"raise {kind}({self.atom(scope)}) from {cause}"],
                                [f"raise {kind}"], ["raise"], ["raise 5"]])

    def deep_structure(self, scope, depth):
        """A structure or iterator chain DEPTH levels deep, used and dropped."""
        rng = self.rng
        scope.needs.add(DEEP_SETUP)
        build = rng.choice(DEEP_BUILDS)
        seed = next((v for k, v in DEEP_SEEDS.items() if build.startswith(k)), "[]")
        depth_text = rng.choice(DEPTHS)
        lines = []
        for name in ("d", "d2"):
            lines += [f"{name} = {seed}", f"for _ in range({depth_text}):",
                      f"    {name} = {build.format(name)}"]
        for use in rng.sample(DEEP_USES, rng.randint(1, 3)):
            statement = use if use.startswith("del ") else f"show({use})"
            lines += ["try:", f"    {statement}", "except Exception as e:", "    print(type(e).__name__)"]
        lines += ["d = d2 = None"]
        return lines

    def coroutine(self, scope, depth):
        scope.needs.add(DEEP_SETUP)
        template = self.rng.choice(ASYNC_TEMPLATES)
        text = template.format(await_result=self.rng.choice(AWAIT_RESULTS), value=self.atom(scope),
                               exception=self.rng.choice(EXCEPTIONS + ["GeneratorExit"]))
        lines = []
        for line in text.split("\n"):  # each show() may raise: guard them one by one
            if line.startswith("show(") or line.startswith("c.close"):
                lines += ["try:", f"    {line}", "except BaseException as e:", "    print(type(e).__name__)"]
            else:
                lines.append(line)
        return lines

    def loop_exit(self, scope, depth):
        return [f"if {self.expression(scope)}:", f"    {self.rng.choice(['break', 'continue'])}"]

    def return_statement(self, scope, depth):
        return [f"return {self.expression(scope)}" if self.rng.random() < 0.8 else "return"]

    def yield_statement(self, scope, depth):
        roll = self.rng.random()
        if roll < 0.5:
            return [f"yield {self.expression(scope)}"]
        if roll < 0.75:
            name = scope.fresh("s")
            scope.names[name] = None
            return [f"{name} = yield {self.atom(scope)}", f"show({name})"]
        return [f"yield from {self.rng.choice(values.ITERABLES)}"]

    def if_statement(self, scope, depth):
        inner = scope.inner()
        lines = [f"if {self.expression(scope)}:"] + indent(self.block(inner, depth + 1))
        for _ in range(self.rng.choice([0, 0, 1, 2])):
            lines += [f"elif {self.expression(scope)}:"] + indent(self.block(inner, depth + 1))
        if self.rng.random() < 0.5:
            lines += ["else:"] + indent(self.block(inner, depth + 1))
        if self.rng.random() < 0.1:
            name = scope.fresh("w")
            scope.names[name] = None
            lines[0] = f"if ({name} := {self.expression(scope)}):"
        return lines

    def for_loop(self, scope, depth):
        inner = scope.inner(loop=True)
        variable = scope.fresh("x")
        scope.names[variable] = None
        target = variable if self.rng.random() < 0.8 else f"{variable}, *{scope.fresh('rest')}"
        lines = [f"for {target} in {self.rng.choice(values.ITERABLES)}:"]
        lines += indent(self.block(inner, depth + 1))
        if self.rng.random() < 0.3:
            lines += ["else:"] + indent(self.block(scope.inner(), depth + 1))
        return lines

    def while_loop(self, scope, depth):
        counter = scope.fresh("n")
        inner = scope.inner(loop=True)
        lines = [f"{counter} = 0", f"while {counter} < {self.rng.randint(1, 5)} and {self.expression(scope)}:",
                 f"    {counter} += 1"]
        lines += indent(self.block(inner, depth + 1))
        if self.rng.random() < 0.3:
            lines += ["else:"] + indent(self.block(scope.inner(), depth + 1))
        return lines

    def try_statement(self, scope, depth):
        rng = self.rng
        inner = scope.inner()
        if rng.random() < 0.1:
            return self.try_star(scope, depth)
        lines = ["try:"] + indent(self.block(inner, depth + 1))
        handlers = rng.choice([0, 1, 1, 2])
        for _ in range(handlers):
            kinds = rng.choice(["Exception", "ValueError", "(TypeError, KeyError)", "()", "BaseException",
                                "ArithmeticError", "LookupError"])
            name = scope.fresh("e")
            body = self.block(inner, depth + 1, 1, 2)
            if rng.random() < 0.3:
                body.append("raise")
            lines += [f"except {kinds} as {name}:", f"    show(type({name}).__name__)"] + indent(body)
        if handlers and rng.random() < 0.3:
            lines += ["else:"] + indent(self.block(inner, depth + 1, 1, 2))
        if not handlers or rng.random() < 0.4:
            body = self.block(inner, depth + 1, 1, 2)
            exits = (["break", "continue"] if scope.loop else []) + (["return 'finally'"] if scope.function else [])
            if exits and rng.random() < 0.5:
                body.append(rng.choice(exits))
            lines += ["finally:"] + indent(body)
        return lines

    def try_star(self, scope, depth):
        inner = scope.inner(exits=False)
        errors = ", ".join(f"{self.rng.choice(EXCEPTIONS[:6])}({i})" for i in range(self.rng.randint(0, 3)))
        lines = ["try:", f"    raise ExceptionGroup('group', [{errors}])"]
        for kinds in self.rng.sample(["ValueError", "TypeError", "(KeyError, IndexError)", "Exception"], 2):
            name = scope.fresh("g")
            lines += [f"except* {kinds} as {name}:", f"    show(len({name}.exceptions))"]
            lines += indent(self.block(inner, depth + 1, 1, 1))
        return lines

    def with_statement(self, scope, depth):
        scope.needs.add(CONTEXT_MANAGER)
        managers = []
        for _ in range(self.rng.choice([1, 1, 2])):
            name = scope.fresh("m")
            scope.names[name] = "str"
            arguments = f"{name!r}, {self.rng.choice(['False', 'True'])}, {self.rng.choice(['None', repr('enter'), repr('exit')])}"
            managers.append(f"CM({arguments}) as {name}")
        return [f"with {', '.join(managers)}:"] + indent(self.block(scope.inner(), depth + 1))

    def match_statement(self, scope, depth):
        inner = scope.inner()
        lines = [f"match {self.expression(scope)}:"]
        for _ in range(self.rng.randint(1, 4)):
            pattern = self.pattern(scope, 0)
            guard = f" if {self.expression(scope)}" if self.rng.random() < 0.2 else ""
            lines += [f"    case {pattern}{guard}:"] + indent(self.block(inner, depth + 1, 1, 2), "        ")
        if self.rng.random() < 0.5:
            name = scope.fresh("c")
            scope.names[name] = None
            lines += [f"    case {self.rng.choice(['_', name])}:", f"        show({name!r})"]
        return lines

    def pattern(self, scope, depth):
        """A refutable pattern; names it binds are fresh, so none repeats."""
        rng = self.rng
        literals = ["1", "0", "-1", "'a'", "None", "True", "1.5", "b'x'", "(1+2j)", "''", "2"]
        roll = rng.random()
        if depth >= 2 or roll < 0.25:
            return " | ".join(rng.sample(literals, rng.randint(1, 3)))
        capture = scope.fresh("c")
        scope.names[capture] = None
        if roll < 0.45:
            items = [self.pattern(scope, depth + 1) for _ in range(rng.randint(0, 3))]
            if rng.random() < 0.4:
                items.insert(rng.randint(0, len(items)), f"*{capture}")
            return "[" + ", ".join(items) + "]"
        if roll < 0.6:
            keys = rng.sample(["'a'", "'b'", "1", "None", "'x'"], rng.randint(0, 2))
            items = [f"{k}: {self.pattern(scope, depth + 1)}" for k in keys]
            if rng.random() < 0.3:
                items.append(f"**{capture}")
            return "{" + ", ".join(items) + "}"
        if roll < 0.8:
            kind = rng.choice(["int", "str", "list", "tuple", "dict", "float", "bool", "bytes"])
            inner = rng.choice(["", capture, self.pattern(scope, depth + 1)])
            return f"{kind}({inner})"
        if roll < 0.9:
            return rng.choice([f"complex(real=0.0, imag={capture})", f"range(start={capture})",
                               f"slice(step=None)", f"int(real={capture})"])
        return f"({self.pattern(scope, depth + 1)}) as {capture}"

    def parameters(self, scope):
        """A parameter list using each kind of parameter now and then; returns
        (text, how many positional arguments it expects)."""
        rng = self.rng
        parts, count = [], 0
        for name in ["a", "b"][:rng.randint(0, 2)]:
            parts.append(name)
            scope.names[name] = None
            count += 1
        if parts and rng.random() < 0.2:
            parts.append("/")
        if rng.random() < 0.5:
            parts.append(f"c={values.any_value(rng)}")
            scope.names["c"] = None
        if rng.random() < 0.4:
            parts.append("*args")
            scope.names["args"] = "tuple"
        elif rng.random() < 0.3:
            parts.append("*")
        if rng.random() < 0.4:
            parts.append(f"d={values.any_value(rng)}")
            scope.names["d"] = None
        if parts and parts[-1] == "*":
            parts.pop()
        if rng.random() < 0.3:
            parts.append("**kw")
            scope.names["kw"] = "dict"
        return ", ".join(parts), count

    def function(self, scope, depth):
        name = scope.fresh("f")
        inner = Scope(scope, function=True)
        text, count = self.parameters(inner)
        body = []
        globals_ = [n for n in sorted(scope.names) if scope.parent is None]
        if globals_ and self.rng.random() < 0.2:
            chosen = self.rng.choice(globals_)
            body.append(f"global {chosen}")
            body.append(f"{chosen} = {self.expression(inner)}")
        body += self.block(inner, depth + 1)
        body.append(f"return {self.expression(inner)}")
        scope.names[name] = None
        lines = [f"def {name}({text}):"] + indent(body)
        scope.functions[name] = count
        for _ in range(self.rng.randint(1, 3)):
            lines.append(f"show({name}({self.call_arguments(scope, count)}))")
        if self.rng.random() < 0.15:  # runs into the recursion limit
            lines += [f"def {name}r(n):", f"    return {name}r(n + 1) + 1", f"show({name}r(0))"]
        return lines

    def generator(self, scope, depth):
        name = scope.fresh("g")
        inner = Scope(scope, function=True, generator=True)
        text, count = self.parameters(inner)
        body = self.block(inner, depth + 1)
        body.append(self.yield_statement(inner, depth)[0])
        if self.rng.random() < 0.3:
            body = ["try:"] + indent(body) + ["finally:", f"    show('{name} finally')"]
        lines = [f"def {name}({text}):"] + indent(body)
        it = scope.fresh("it")
        call = f"{name}({self.call_arguments(scope, count)})"
        lines.append(f"show(list({call}))")
        lines.append(f"{it} = {call}")
        for _ in range(self.rng.randint(1, 4)):
            lines.append(self.rng.choice([
                f"show(next({it}))", f"show({it}.send({self.atom(scope)}))",
                f"show({it}.throw({self.rng.choice(EXCEPTIONS + ['GeneratorExit'])}))",
                f"show({it}.close())", f"show(next({it}, 'done'))", f"show(list({it}))",
                f"show({it}.gi_running)", f"show({it}.gi_frame is None)",
            ]))
        scope.names[name] = None
        scope.names[it] = None
        return lines

    def closure(self, scope, depth):
        outer, inner_name, counter = scope.fresh("o"), scope.fresh("i"), scope.fresh("n")
        inner = Scope(scope, function=True)
        inner.names[counter] = None
        step = self.expression(inner)
        lines = [f"def {outer}():", f"    {counter} = {values.any_value(self.rng)}",
                 f"    def {inner_name}(step):", f"        nonlocal {counter}",
                 f"        {counter} {self.rng.choice(AUGMENTED[:4])} step",
                 f"        return {counter}", f"    return {inner_name}",
                 f"{inner_name} = {outer}()"]
        for _ in range(self.rng.randint(1, 3)):
            lines.append(f"show({inner_name}({step}))")
        lines.append(f"show([c.cell_contents for c in {inner_name}.__closure__])")
        scope.names[inner_name] = None
        return lines

    def lambda_assign(self, scope, depth):
        name = scope.fresh("lam")
        inner = Scope(scope, function=True)
        inner.names.update({"p": None, "q": None})
        lines = [f"{name} = lambda p, q={values.any_value(self.rng)}: {self.expression(inner)}"]
        for _ in range(self.rng.randint(1, 2)):
            lines.append(f"show({name}({self.call_arguments(scope, 1)}))")
        scope.names[name] = None
        return lines

    def class_statement(self, scope, depth):
        rng = self.rng
        name = scope.fresh("C")
        base = rng.choice(BASES)
        body = [f"tag = {values.any_value(rng)}"]
        if rng.random() < 0.2:
            body.append(rng.choice(["__slots__ = ('x',)", "__slots__ = ()", "__slots__ = 'x'"]))
        method_scope = Scope(scope, function=True)
        method_scope.names.update({"self": None, "other": None})
        for method in rng.sample(["m", "__eq__", "__lt__", "__len__", "__getitem__", "__bool__",
                                  "__hash__", "__iter__", "__contains__", "__add__", "__index__"],
                                 rng.randint(1, 3)):
            parameters = "self" if method in ("m", "__len__", "__bool__", "__hash__", "__iter__", "__index__") else "self, other"
            guard = []
            if method == "__getitem__":  # iteration by index has to end
                guard = ["if isinstance(other, int) and other > 3:", "    raise IndexError(other)"]
            body += [f"def {method}({parameters}):"] + indent(guard + [f"return {self.expression(method_scope)}"])
        body += ["@property", "def p(self):", f"    return {self.expression(method_scope)}",
                 "@classmethod", "def k(cls, *a):", "    return cls.__name__, a",
                 "def __repr__(self):", f"    return {name!r}"]
        lines = [f"class {name}({base}):"] + indent(body)
        instance = scope.fresh("obj")
        arguments = ", ".join(self.atom(scope) for _ in range(rng.randint(0, 1)))
        lines.append(f"{instance} = {name}({arguments})")
        for _ in range(rng.randint(2, 5)):
            lines.append("show(" + rng.choice([
                f"{instance}.m()", f"{instance}.p", f"{instance} == {self.atom(scope)}",
                f"{instance} < {self.atom(scope)}", f"len({instance})", f"bool({instance})",
                f"{instance}[{rng.choice(INDEXES)}]", f"list({instance})", f"{self.atom(scope)} in {instance}",
                f"{instance} + {self.atom(scope)}", f"{name}.k(1)", f"hash({instance}) == hash({instance})",
                f"[1, 2, 3][{instance}]", f"sorted([{instance}, {instance}])", f"{{{instance}: 1}}",
                f"{instance}.tag", f"isinstance({instance}, {base})", f"{name}.__mro__",
            ]) + ")")
        scope.names[instance] = None
        return lines

    # -- the program -------------------------------------------------------

    def program(self):
        scope = Scope()
        lines = []
        for _ in range(self.rng.randint(3, 6)):  # plain literals: these cannot fail
            lines += self.assign(scope, 0, literal=True)
        for _ in range(self.rng.randint(10, 25)):
            statement = self.statement(scope, 0)
            lines += ["try:"] + indent(statement) + ["except Exception as e:", "    print(type(e).__name__)"]
        return "".join(need + "\n" for need in sorted(scope.needs)) + "\n".join(lines) + "\n"


def generate(rng):
    return ProgramGenerator(rng).program()
