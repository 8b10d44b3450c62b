import _random
r = _random.Random(42)
print([r.random() for _ in range(3)])
print(r.getrandbits(5), r.getrandbits(32), r.getrandbits(70), r.getrandbits(0))
r.seed(2**100 + 7)
print(r.random())
r.seed(-5)
a = r.random()
r.seed(5)
print(a == r.random())
st = r.getstate()
x = r.random()
r.setstate(st)
print(x == r.random(), len(st), st[-1])
r2 = _random.Random()
print(0 <= r2.random() < 1)
try:
    _random.Random(1, 2)
except TypeError as e:
    print(e)
try:
    _random.Random(x=1)
except TypeError as e:
    print(e)
try:
    r.getrandbits(-1)
except ValueError as e:
    print(e)
class Sub(_random.Random):
    def __init__(self, a, b=0):
        super().__init__(a + b)
print(Sub(40, b=2).random() == _random.Random(42).random())
r.seed(0); print(r.random())
r.seed(2**32); print(r.random())
import _sha512, random
h = _sha512.sha512(b'abc')
print(h.hexdigest()[:32], h.name, h.digest_size, h.block_size, len(h.digest()))
h2 = h.copy(); h2.update(b'def')
print(h.hexdigest() != h2.hexdigest(), _sha512.sha512(b'abcdef').hexdigest() == h2.hexdigest())
print(_sha512.sha384(b'').hexdigest()[:20], _sha512.sha384().digest_size)
try:
    _sha512.sha512('str')
except TypeError as e:
    print(e)
random.seed(42)
print(random.random(), random.randint(1, 100), random.choice('abcdef'), random.randrange(0, 1000, 7))
random.seed('hello')
print(random.random())
random.seed(b'bytes')
print(random.random())
l = list(range(10)); random.shuffle(l); print(l)
print(random.sample(range(100), 5), round(random.uniform(1, 2), 6), round(random.gauss(0, 1), 6))
r = random.Random(7); print(r.choices('abc', k=5), r.getrandbits(100))
import statistics
print(statistics.mean([1, 2, 3, 4]), statistics.median([3, 1, 2]))
