# The builtins module and shadowing builtin names.
import builtins
print(builtins.abs(-1), builtins.max is max, type(builtins).__name__)
def len(x):
    return "shadowed"
print(len([1, 2]), builtins.len([1, 2]))
del len
print(len([1, 2]))
builtins.my_global_helper = lambda: "added to builtins"
print(my_global_helper())
print(hasattr(builtins, "print"), hasattr(builtins, "no_such_builtin"))
