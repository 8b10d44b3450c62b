# The iteration order of sets and frozensets depends on where each item lands in the
# hash table, which for colliding items depends on how the set was built: from
# source order for frozenset(tuple), from marshal's sorted order for marshal.loads,
# and through the compiler's constant cache for set displays and `in {...}` tests.
import marshal
import random

random.seed(5)
words = ["w%d" % i for i in range(200)]


def constant_orders(items):
    literal = "{" + ", ".join(repr(w) for w in items) + "}"
    ns = {}
    exec("def f(x): return x in " + literal + "\ndef g(): return " + literal, ns)
    return list(ns["f"].__code__.co_consts[1]), list(ns["g"]())


for trial in range(40):
    items = tuple(random.sample(words, random.randint(3, 9)))
    built = list(frozenset(items))
    rebuilt = list(frozenset(tuple(frozenset(items))))
    loaded = list(marshal.loads(marshal.dumps(frozenset(items))))
    print(trial, built == rebuilt, loaded, *constant_orders(items))

# None hashes by the interpreter's own address in CPython; sets holding it show it.
print(list(frozenset({0, None})), list({None, 0, 8, 16}), {None, 'abc', 'functools'})
print(hash(None) == hash(None), type(hash(None)))

# One-character strs are cached singletons: making code swaps none of them.
def reply(c, r):
    return c in {'1', '2', '3'}, r in {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'}
print(list(reply.__code__.co_consts[1]), list(reply.__code__.co_consts[2]))
