"""Kind `classes`: classes whose dunders raise, return the wrong type, recurse, or
mutate the container being operated on, used as items, keys and members while
the container is sorted, searched, compared, hashed, copied or iterated.

The mutations are rationed (`due()` lets one through every few calls, up to a
cap), so a dunder that appends to the list being counted cannot grow it forever.
"""

from . import values

# The victim when building the real one fails (a dunder it needs raises).
FALLBACKS = {"list": "[1, 2]", "dict": "{1: 2}", "set": "{1, 2}", "bytearray": "bytearray(b'ab')",
             "deque": "deque([1, 2])", "listsub": "ListSub([1, 2])", "dictsub": "DictSub({1: 2})",
             "ordered": "OrderedDict({1: 2})"}

VICTIMS = {
    "list": "[K(i) for i in range(6)] + [3, 'a', K(2)]",
    "dict": "{K(i): i for i in range(6)}",
    "set": "{K(i) for i in range(6)}",
    "bytearray": "bytearray(b'abcdef')",
    "deque": "deque(K(i) for i in range(6))",
    "listsub": "ListSub(K(i) for i in range(6))",
    "dictsub": "DictSub((K(i), i) for i in range(6))",
    "ordered": "OrderedDict((K(i), i) for i in range(6))",
}

# What a mutating dunder may do to the victim, by the victim's type.
MUTATIONS = {
    "list": ["victim.clear()", "victim.append(K(9))", "victim.pop()", "del victim[:]",
             "victim[:] = [K(1)]", "victim.sort()", "victim.reverse()", "victim.insert(0, K(0))",
             "victim.extend(victim[:8])", "victim.remove(victim[0])", "victim.__imul__(2 if len(victim) < 40 else 1)",
             "victim[0] = None"],
    "dict": ["victim.clear()", "victim[K(9)] = 9", "victim.popitem()", "victim.pop(next(iter(victim)))",
             "victim.update({K(7): 7, 8: 8})", "victim.setdefault(K(5), 5)", "victim.update(x=1)"],
    "set": ["victim.clear()", "victim.add(K(7))", "victim.pop()", "victim.discard(next(iter(victim)))",
            "victim.update(K(i) for i in range(8, 12))", "victim.__isub__(set(victim))"],
    "bytearray": ["victim.clear()", "victim.extend(b'xyz' * 40)", "del victim[:2]", "victim[:] = b''",
                  "victim.append(1)", "victim[1:1] = b'q' * 100", "victim.reverse()"],
    "deque": ["victim.clear()", "victim.append(K(9))", "victim.popleft()", "victim.rotate(1)",
              "victim.extend([1, 2])", "victim.appendleft(K(3))"],
}
MUTATIONS["listsub"] = MUTATIONS["list"]
MUTATIONS["dictsub"] = MUTATIONS["ordered"] = MUTATIONS["dict"]

# A sensible body for each dunder (self.v holds an int), before the spoiling.
NORMAL = {
    "__eq__": "return self.v == getattr(other, 'v', other)",
    "__ne__": "return self.v != getattr(other, 'v', other)",
    "__lt__": "return self.v < getattr(other, 'v', other)",
    "__le__": "return self.v <= getattr(other, 'v', other)",
    "__gt__": "return self.v > getattr(other, 'v', other)",
    "__hash__": "return hash(self.v)",
    "__len__": "return self.v",
    "__iter__": "return iter(range(min(self.v, 9)))",
    "__next__": "raise StopIteration",
    "__index__": "return self.v",
    "__int__": "return self.v",
    "__float__": "return float(self.v)",
    "__complex__": "return complex(self.v)",
    "__bool__": "return self.v > 2",
    "__repr__": "return f'K({self.v})'",
    "__str__": "return f'k{self.v}'",
    "__format__": "return format(self.v, spec)",
    "__getitem__": "if isinstance(key, int):\n    return [self.v, 1, 2][key]\nreturn victim[key]",
    "__setitem__": "self.v = key",
    "__delitem__": "self.v = -1",
    "__contains__": "return item == self.v",
    "__getattr__": "raise AttributeError(name)",
    "__del__": "pass",
    "__enter__": "return self",
    "__exit__": "return False",
    "__add__": "return K(self.v + getattr(other, 'v', 0))",
    "__radd__": "return K(self.v + getattr(other, 'v', 0))",
    "__mul__": "return K(self.v * 2)",
    "__neg__": "return K(-self.v)",
    "__abs__": "return K(abs(self.v))",
    "__round__": "return self.v",
    "__trunc__": "return self.v",
    "__floor__": "return self.v",
    "__ceil__": "return self.v",
    "__length_hint__": "return self.v",
    "__reversed__": "return iter([self.v])",
    "__bytes__": "return bytes([self.v % 256])",
    "__call__": "return self.v",
    "__instancecheck__": "return True",
    "__missing__": "return 0",
}

PARAMETERS = {
    "__eq__": "self, other", "__ne__": "self, other", "__lt__": "self, other",
    "__le__": "self, other", "__gt__": "self, other", "__format__": "self, spec",
    "__getitem__": "self, key", "__setitem__": "self, key, value", "__delitem__": "self, key",
    "__contains__": "self, item", "__getattr__": "self, name", "__exit__": "self, *exc",
    "__add__": "self, other", "__radd__": "self, other", "__mul__": "self, other",
    "__round__": "self, *n", "__call__": "self, *a", "__instancecheck__": "self, other",
    "__missing__": "self, key",
}

WRONG_VALUES = ["None", "'str'", "1.5", "2**100", "-1", "[]", "NotImplemented", "self", "True",
                "IntSub(3)", "-2**63", "2**64", "b'x'", "0", "K(1)", "(1, 2)", "float('nan')"]

RAISED = ["ValueError('x')", "TypeError('x')", "KeyError('x')", "StopIteration", "IndexError",
          "RuntimeError", "ZeroDivisionError", "AttributeError('x')", "RecursionError", "MemoryError",
          "SystemExit", "GeneratorExit", "OverflowError", "NotImplementedError"]

# A call that re-enters the same machinery from inside a dunder.
REENTRIES = ["victim.count(self)", "sorted(victim)", "repr(victim)", "self in victim", "hash(self)",
             "len(victim)", "list(victim)", "victim == victim", "str(self)", "min(victim)",
             "victim.index(self) if hasattr(victim, 'index') else 0", "gc.collect()", "copy.copy(victim)",
             "[x for x in victim]", "set(victim)", "dict.fromkeys(victim)"]

# Recursion with no end: each dunder calls itself through its builtin.
RECURSIONS = {
    "__eq__": "return self == other", "__hash__": "return hash(self)", "__len__": "return len(self)",
    "__repr__": "return repr(self)", "__str__": "return str(self)", "__bool__": "return bool(self)",
    "__index__": "return operator.index(self)", "__iter__": "return iter(self)",
    "__getitem__": "return self[key]", "__format__": "return format(self, spec)",
    "__getattr__": "return self.missing", "__lt__": "return sorted([self, other])",
    "__contains__": "return item in self", "__int__": "return int(self)",
    "__float__": "return float(self)", "__call__": "return self()",
    "__next__": "return next(self)", "__add__": "return self + other",
}

OPERATIONS = {
    "list": ["victim.sort()", "victim.sort(key=lambda x: x)", "victim.sort(reverse=True)",
             "sorted(victim)", "min(victim)", "max(victim)", "victim.index(ITEM)", "victim.count(ITEM)",
             "victim.remove(ITEM)", "ITEM in victim", "victim == list(victim)", "victim < [ITEM]",
             "victim[1:3] = [ITEM, ITEM]", "del victim[::2]", "victim.insert(ITEM, ITEM)",
             "bisect.insort(victim, ITEM)", "heapq.heapify(victim)", "heapq.heappush(victim, ITEM)",
             "heapq.heappop(victim)", "victim.copy() == victim", "operator.indexOf(victim, ITEM)",
             "victim[ITEM]", "victim[ITEM:ITEM]", "victim[ITEM] = 1", "victim.pop(ITEM)",
             "victim * ITEM", "victim.__imul__(ITEM)", "victim.clear()", "tuple(victim) == tuple(victim)",
             "victim.extend(ITEM)", "victim[::ITEM]", "bisect.bisect(victim, ITEM)"],
    "dict": ["victim[ITEM]", "ITEM in victim", "victim.get(ITEM)", "victim.pop(ITEM, None)",
             "victim.setdefault(ITEM, 1)", "del victim[ITEM]", "victim == dict(victim)",
             "victim == {ITEM: 1}", "victim.update({ITEM: 2})", "dict(victim)", "victim.copy()",
             "victim | {ITEM: 3}", "list(victim.items())", "victim.keys() & {ITEM}", "victim.popitem()",
             "{**victim}", "dict.fromkeys(victim)", "victim.values() == victim.values()",
             "victim.items() <= victim.items()", "ITEM in victim.items()", "victim[ITEM] = ITEM"],
    "set": ["ITEM in victim", "victim.add(ITEM)", "victim.discard(ITEM)", "victim.remove(ITEM)",
            "victim == set(victim)", "victim <= {ITEM}", "victim & {ITEM}", "victim | {ITEM}",
            "victim ^ {ITEM}", "victim - {ITEM}", "frozenset(victim)", "victim.issubset([ITEM])",
            "victim.symmetric_difference_update([ITEM])", "victim.intersection_update([ITEM])",
            "victim.isdisjoint([ITEM])", "sorted(victim)", "victim.pop()"],
    "bytearray": ["victim[ITEM]", "victim[ITEM] = ITEM", "victim[ITEM:ITEM] = b'zz'",
                  "victim[ITEM:ITEM] = ITEM", "del victim[ITEM]", "victim.insert(ITEM, ITEM)",
                  "victim.append(ITEM)", "victim.extend([ITEM, ITEM])", "victim * ITEM", "victim.pop(ITEM)",
                  "victim.find(ITEM)", "victim.count(ITEM)", "ITEM in victim", "bytes(ITEM)",
                  "victim.__imul__(ITEM)", "victim.center(ITEM)", "victim.index(ITEM)", "victim.remove(ITEM)",
                  "memoryview(victim)[ITEM]", "victim[::ITEM]", "victim.zfill(ITEM)", "bytearray(ITEM)"],
    "deque": ["victim.count(ITEM)", "victim.index(ITEM)", "victim.remove(ITEM)", "ITEM in victim",
              "victim == deque(victim)", "victim.rotate(ITEM)", "victim[ITEM]", "sorted(victim)",
              "victim.insert(ITEM, ITEM)", "del victim[ITEM]", "victim.extend(ITEM)", "max(victim)"],
}
OPERATIONS["listsub"] = OPERATIONS["list"]
OPERATIONS["dictsub"] = OPERATIONS["ordered"] = OPERATIONS["dict"]

# Work on lone objects, whatever the victim.
OBJECT_OPERATIONS = [
    "hash(ITEM) == hash(ITEM)", "ITEM == ITEM", "ITEM < ITEM", "sorted([ITEM, ITEM, ITEM])", "{ITEM, ITEM}",
    "{ITEM: 1, ITEM: 2}", "len(ITEM)", "list(ITEM)", "iter(ITEM)", "next(ITEM)", "bool(ITEM)",
    "not ITEM", "int(ITEM)", "float(ITEM)", "complex(ITEM)", "abs(ITEM)", "round(ITEM)", "-ITEM",
    "math.floor(ITEM)", "math.trunc(ITEM)", "[1, 2, 3][ITEM]", "'abcdef'[ITEM:ITEM]", "range(ITEM)",
    "'ab' * ITEM", "[0] * ITEM", "ITEM * 'ab'", "bytes(ITEM)", "bytearray(ITEM)", "str(ITEM)",
    "repr(ITEM)", "format(ITEM, 'x')", 'f"{ITEM!r:>5}"', "'%d' % ITEM", "'%s' % ITEM",
    "'%c' % ITEM", "'{}'.format(ITEM)", "chr(ITEM)", "hex(ITEM)", "ITEM.missing",
    "getattr(ITEM, 'missing', 0)", "hasattr(ITEM, 'x')", "ITEM[0]", "ITEM[0:1]", "ITEM.__dict__",
    "(1).to_bytes(ITEM, 'big')", "isinstance(1, ITEM)", "ITEM + ITEM", "sum([ITEM, ITEM])",
    "ITEM in ITEM", "divmod(ITEM, 2)", "pow(ITEM, 2, 5)", "reversed(ITEM)", "enumerate(ITEM)",
    "zip(ITEM, ITEM)", "dict([ITEM])", "ITEM()", "a, b = ITEM", "[*ITEM]", "{**ITEM}", "max(ITEM)",
    "operator.length_hint(ITEM)", "copy.deepcopy(ITEM)", "pickle.loads(pickle.dumps(ITEM))",
    "weakref.ref(ITEM)() is ITEM", "print(ITEM, end='|')", "' '.join([ITEM])", "sorted(ITEM)",
    "itertools.islice(ITEM, 2)", "functools.reduce(lambda a, b: a, [ITEM, ITEM])", "ITEM is ITEM",
    "json.dumps([ITEM], default=repr)", "ITEM[ITEM] = ITEM", "del ITEM[ITEM]", "memoryview(ITEM)",
    "math.isclose(ITEM, 1)", "int.from_bytes(ITEM, 'big')", "slice(ITEM, ITEM).indices(ITEM)",
]

# NAME is a name that can be assigned to or deleted.
STATEMENTS = ["with ITEM as w:\n    show(w)", "for w in ITEM:\n    show(w)", "del NAME",
              "ITEM[1] = 2", "NAME += 1", "ITEM.x = 1", "a, *b = ITEM", "NAME[ITEM] += ITEM"]

SETUP = '''\
import bisect, copy, functools, gc, heapq, itertools, json, math, operator, pickle, weakref
from collections import OrderedDict, deque
ticks = [0]
armed = []
keep = []


def due(every, cap):
    """Once armed, true on every `every`-th call until `cap` calls have been made."""
    if not armed:
        return False
    ticks[0] += 1
    return ticks[0] % every == 0 and ticks[0] <= cap


class IntSub(int):
    pass


class ListSub(list):
    pass


class DictSub(dict):
    pass
'''


class ClassGenerator:
    def __init__(self, rng):
        self.rng = rng
        self.victim = rng.choice(sorted(VICTIMS))

    def body(self, dunder):
        """The statements of one dunder, spoiled one way or another."""
        rng = self.rng
        normal = NORMAL[dunder]
        roll = rng.random()
        if roll < 0.25:
            return normal.split("\n")
        if roll < 0.4:
            return [f"if due({rng.randint(1, 4)}, {rng.randint(5, 60)}):",
                    f"    raise {rng.choice(RAISED)}", *normal.split("\n")]
        if roll < 0.55:
            # A K made in __del__ dies at once and makes another, forever.
            wrong = rng.choice([v for v in WRONG_VALUES if dunder != "__del__" or "K" not in v])
            if dunder in ("__next__", "__getitem__"):  # or iteration would never end
                return [f"if due(1, {rng.randint(3, 30)}):", f"    return {wrong}", *normal.split("\n")]
            return [f"return {wrong}"]
        if roll < 0.85:
            mutation = rng.choice(MUTATIONS[self.victim])
            return [f"if due({rng.randint(1, 5)}, {rng.randint(5, 80)}):", f"    {mutation}", *normal.split("\n")]
        if roll < 0.93:
            return [f"if due({rng.randint(1, 3)}, {rng.randint(3, 20)}):",
                    f"    {rng.choice(REENTRIES)}", *normal.split("\n")]
        if dunder == "__del__":  # brought back to life, now and then
            return [f"if due(1, {rng.randint(3, 30)}):", "    keep.append(self)"]
        if dunder in RECURSIONS:
            return [RECURSIONS[dunder]]
        return normal.split("\n")

    def klass(self, name, base):
        rng = self.rng
        chosen = rng.sample(sorted(NORMAL), rng.randint(3, 9))
        lines = [f"class {name}({base}):", "    def __init__(self, v=0, *rest):", "        self.v = v"]
        if base != "object":  # immutable bases take no value of ours
            lines += ["    def __new__(cls, *args):", "        return super().__new__(cls)"]
        if "__repr__" not in chosen:
            chosen.append("__repr__")  # an address in the default repr would differ
        for dunder in chosen:
            parameters = PARAMETERS.get(dunder, "self")
            lines.append(f"    def {dunder}({parameters}):")
            lines += ["        " + line for line in self.body(dunder)]
        disabled = [d for d in ("__hash__", "__iter__", "__contains__", "__len__") if d not in chosen]
        if disabled and rng.random() < 0.2:
            lines.append(f"    {rng.choice(disabled)} = None")
        return lines

    def item(self):
        """An operand: a name, or something parenthesized so it can be subscripted."""
        text = self.rng.choice(["K(1)", "K(2)", "K(0)", "K(-1)", "K(5)", "K(10**20)", "3", "'a'",
                                "victim", "L(2)", "k", "k", "k", "None", "IntSub(2)", "K(2**63)"])
        return text if text.isidentifier() else f"({text})"

    def fill(self, template):
        while "ITEM" in template:
            template = template.replace("ITEM", self.item(), 1)
        return template.replace("NAME", self.rng.choice(["k", "victim"]))

    def operation(self):
        rng = self.rng
        if rng.random() < 0.6:
            template = rng.choice(OPERATIONS[self.victim])
        else:
            template = rng.choice(OBJECT_OPERATIONS)
        return self.fill(template)

    def program(self):
        rng = self.rng
        base = rng.choice(["object"] * 6 + ["int", "str", "list", "dict", "tuple", "Exception", "float"])
        lines = [SETUP] + self.klass("K", base) + self.klass("L", "K" if rng.random() < 0.5 else "object")
        lines += ["try:", f"    victim = {VICTIMS[self.victim]}", "except BaseException as e:",
                  "    print(type(e).__name__)", f"    victim = {FALLBACKS[self.victim]}",
                  "try:", "    k = K(3)", "except BaseException as e:", "    print(type(e).__name__)",
                  "    k = 3", "armed.append(True)"]
        for _ in range(rng.randint(10, 24)):
            if rng.random() < 0.1:
                body = self.fill(rng.choice(STATEMENTS)).split("\n")
            else:
                operation = self.operation()
                is_expression = "=" not in operation.replace("==", "").replace("<=", "").replace(">=", "") \
                    and not operation.startswith("del ")
                body = [f"show({operation})" if is_expression else operation]
            lines += ["try:"] + ["    " + line for line in body]
            lines += ["except BaseException as e:", "    print(type(e).__name__)"]
        lines += ["try:", "    show(len(victim))", "except BaseException as e:", "    print(type(e).__name__)"]
        return "\n".join(lines) + "\n"


def generate(rng):
    return ClassGenerator(rng).program()
