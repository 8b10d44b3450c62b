# isinstance() when objects claim another class through __class__ (and when they
# cannot), and str[int] by the eval loop's shortcut: ASCII, non-ASCII, surrogates,
# negative indices, subclasses and the error.
class Proxy:
    @property
    def __class__(self):
        return dict
class G:
    def __getattribute__(self, name):
        if name == "__class__":
            return list
        return object.__getattribute__(self, name)
class Plain: pass
p = Plain()
p.__dict__["__class__"] = dict
for o in [Proxy(), G(), Plain(), p, 1, "s", None]:
    print(type(o).__name__, isinstance(o, dict), isinstance(o, list), isinstance(o, (int, dict)))
s = "héllo wörld"
print([s[i] for i in range(-len(s), len(s))])
print("abc"[-1], "abc"[0])
class S(str):
    def __getitem__(self, i): return "sub"
print(S("abc")[1])
try: "abc"[3]
except IndexError as e: print(e)
s2 = "a\udc80b"
print(ascii(s2[1]), ascii(s2[-1]), ascii("\U0001f600x"[0]))
