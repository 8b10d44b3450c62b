# The hangs and bad values a hostile program met: arithmetic that would never end,
# containers changed by the methods their operations call, deep reprs, an
# __index__ returning a str, lone surrogates encoded, indexes past any size, the
# int-to-str digit limit. Each ends at once, as under python3.11.
import math, heapq, collections, sys
def t(label, f):
    try:
        r = f()
        print(label, "->", repr(r)[:60])
    except BaseException as e:
        print(label, "->", type(e).__name__, str(e)[:80])
t("comb", lambda: math.comb(10**20, 10**19))
t("perm", lambda: math.perm(10**20, 10**19))
class I:
    def __index__(self): return "x"
t("index str", lambda: [1,2][I()])
t("surrogate encode", lambda: '\ud800'.encode())
t("huge index", lambda: [1,2,3][10**100])
t("big %d", lambda: len('%d' % 10**5000))

od = collections.OrderedDict.fromkeys(range(5))
def mut():
    for k in od:
        od[k + 100] = 1
t("odict mutate", mut)
class E:
    def __init__(self, s): self.s = s
    def __eq__(self, o):
        s.clear(); return False
    def __hash__(self): return 1
s = {E(None) for _ in range(1)}
t("set eq mutates", lambda: E(s) in s)
l = []
class Lt:
    def __lt__(self, o):
        l.append(Lt()); return True
l.extend([Lt(), Lt()])
t("heap lt appends", lambda: heapq.heappush(l, Lt()) or len(l) < 100)
nested = frozenset()
for _ in range(400):
    nested = frozenset([nested, len(str(nested))])
t("nested frozenset str", lambda: len(str(nested)))
deeper = frozenset()
for _ in range(3000):
    deeper = frozenset([deeper])
t("too deep frozenset str", lambda: len(str(deeper)))
