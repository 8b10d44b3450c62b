# LOAD_GLOBAL caches must notice every change to the globals and builtins they read.
import builtins


def use_len(items):
    return len(items)


def run(n):
    out = []
    for i in range(n):
        out.append(use_len([1, 2, 3]))
    return out


print(run(20)[-1])

# A global shadows the builtin after warm-up, then goes away again.
def len(x):
    return -1


print(run(20)[-1])
del len
print(run(20)[-1])

# A global's value changes while its key stays.
factor = 2


def scaled(x):
    return x * factor


results = []
for i in range(30):
    if i == 15:
        factor = 10
    results.append(scaled(1))
print(results[14], results[15])

# A builtin is replaced and restored in the builtins module.
original_abs = builtins.abs
builtins.abs = lambda x: "patched"


def absolute(x):
    return abs(x)


print(absolute(-3))
builtins.abs = original_abs
print(absolute(-3))

# New builtins appear; a global that was missing appears and is deleted.
def read_missing():
    try:
        return missing_name
    except NameError as e:
        return str(e)


for i in range(20):
    read_missing()
print(read_missing())
builtins.missing_name = "from builtins"
print(read_missing())
missing_name = "from globals"
print(read_missing())
del missing_name
print(read_missing())
del builtins.missing_name
print(read_missing())

# One code object run against different globals.
code = compile("value * 2", "<guards>", "eval")
for value in (1, "a", [0]):
    print(eval(code, {"value": value}))
namespaces = [{"value": i} for i in range(5)]
print([eval(code, ns) for ns in namespaces * 3])

# Many globals added while a function keeps reading one.
def read_factor():
    return factor


seen = set()
for i in range(50):
    globals()[f"extra_{i}"] = i
    seen.add(read_factor())
print(sorted(seen))
