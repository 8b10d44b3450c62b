# json over the C accelerators (_json): the scanner, scanstring, the escapers and
# the one-shot encoder, with their errors, hooks and parse functions.
import _json, json
from collections import OrderedDict
from decimal import Decimal

print(json.scanner.make_scanner is _json.make_scanner, json.encoder.c_make_encoder is _json.make_encoder)
doc = '{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\ud83d\\ude00\\n"], "b": {"c": {}}, "d": [], "a2": 1E400}'
value = json.loads(doc)
print(value, ascii(value["a"][6]))
print(json.loads('[NaN, Infinity, -Infinity, 0, -0, 12345678901234567890123]'))
print(json.loads('{"z": 1, "a": 2}', object_pairs_hook=OrderedDict), json.loads('{"k": 1}', object_hook=lambda d: sorted(d)))
print(json.loads('[1.5, 7]', parse_float=Decimal, parse_int=lambda s: "int:" + s), json.loads("[NaN]", parse_constant=str))
print(json.loads('"a\tb"', strict=False), _json.scanstring('abc"def', 0), _json.scanstring('x\\"y"', 0))

for bad in ('[1,', '{"a" 1}', '{"a": 1,}', '[1 2]', '{1: 2}', '"abc', '"a\\qb"', '"\\u12"', '"\x01"', '', 'nul', '[-]', '01', '{"a": [}'):
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), "->", e.msg, e.pos, e.lineno, e.colno)

print(_json.encode_basestring_ascii('a"b\\c\n\x00\u00e9\U0001f600'), _json.encode_basestring('a"b\u00e9\x1f'))
print(json.dumps({"b": [1, 2.5, None, True], "a": "é", 3: "int key", 1.5: "f", None: 0, False: 1}, sort_keys=False))
print(json.dumps({"b": 1, "a": {"y": 2, "x": [float("inf"), -float("inf")]}}, sort_keys=True))
print(json.dumps([1, "x"], separators=(",", ":")), json.dumps("é", ensure_ascii=False), json.dumps((1, 2)))
print(json.dumps({(1, 2): 3, "k": 4}, skipkeys=True), json.dumps([Decimal("1.5")], default=str))
class Int(int):
    def __repr__(self):
        return "nope"
class Float(float):
    def __repr__(self):
        return "nope"
print(json.dumps([Int(5), Float(2.5), True]))

def attempt(label, call):
    try:
        print(label, call())
    except Exception as e:
        print(label, type(e).__name__, e)

attempt("nan", lambda: json.dumps(float("nan"), allow_nan=False))
attempt("key", lambda: json.dumps({(1,): 2}))
attempt("unknown", lambda: json.dumps(object()))
circular = []
circular.append(circular)
attempt("circular", lambda: json.dumps(circular))
d = {}
d["self"] = d
attempt("circular dict", lambda: json.dumps(d))
attempt("scanstring int", lambda: _json.scanstring(1, 0))
attempt("scanstring end", lambda: _json.scanstring("abc", 10))
attempt("escape int", lambda: _json.encode_basestring_ascii(1))
attempt("scanner context", lambda: _json.make_scanner(1))
attempt("scanner call", lambda: _json.make_scanner(json.decoder.JSONDecoder())(1, 0))
attempt("scanner stop", lambda: _json.make_scanner(json.decoder.JSONDecoder())("", 0))
attempt("encoder markers", lambda: _json.make_encoder(1, None, None, None, ":", ",", False, False, True))
attempt("deep", lambda: json.loads("[" * 100000 + "]" * 100000))
print(type(_json.make_encoder(None, str, _json.encode_basestring, None, ":", ",", False, False, True)([1, {"a": None}], 0)))
