# The json module (named so as not to shadow it): dumps and loads of generated
# nested data, with indent, sort_keys, separators, ensure_ascii and hooks.
import json
import random


def generate(rng, depth):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.randint(-10**9, 10**9)
    if kind == 1:
        return rng.uniform(-1e6, 1e6)
    if kind == 2:
        return "".join(rng.choice('abcdefgh "\\\n\u00e9\u03bb\u4e2d\U0001f600') for _ in range(rng.randint(0, 16)))
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return 10**rng.randint(15, 25) + rng.randint(0, 999)
    if kind == 5:
        return f"name-{rng.randrange(10**6)}"
    if kind in (6, 7):
        return {f"field{rng.randrange(50)}": generate(rng, depth + 1) for _ in range(rng.randint(0, 7))}
    return [generate(rng, depth + 1) for _ in range(rng.randint(0, 8))]


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y


def encode_point(obj):
    if isinstance(obj, Point):
        return {"__point__": [obj.x, obj.y]}
    raise TypeError(type(obj).__name__)


def decode_point(d):
    if "__point__" in d:
        return Point(*d["__point__"])
    return d


rng = random.Random(99)
documents = [{f"doc{i}": generate(rng, 1) for i in range(rng.randint(5, 12))} for _ in range(700)]
checksum = 0
sizes = [0, 0, 0, 0]
for rounds in range(3):
    for doc in documents:
        compact = json.dumps(doc, separators=(",", ":"))
        pretty = json.dumps(doc, indent=2, sort_keys=True)
        raw = json.dumps(doc, ensure_ascii=False)
        assert json.loads(compact) == doc and json.loads(pretty) == doc and json.loads(raw) == doc
        sizes[0] += len(compact)
        sizes[1] += len(pretty)
        sizes[2] += len(raw)
        sizes[3] += len(raw.encode("utf-8"))
        checksum = (checksum * 131 + len(pretty) + pretty.count("\\")) % 1000000007
points = [Point(i, i * i) for i in range(2000)]
text = json.dumps({"points": points}, default=encode_point)
back = json.loads(text, object_hook=decode_point)
print(sizes, checksum)
print(len(text), sum(p.x + p.y for p in back["points"]))
print(json.dumps(documents[0], sort_keys=True)[:200])
print(json.loads('{"a": [1, 2.5, "x\\u00e9"], "b": null, "c": -0.0, "d": 1e400}', parse_float=str))
try:
    json.loads('{"a": [1, 2,]}')
except json.JSONDecodeError as exc:
    print(exc.msg, exc.lineno, exc.colno, exc.pos)
