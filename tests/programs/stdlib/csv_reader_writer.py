# The csv module over _csv: reading quoted, escaped and multi-line fields, writing
# with every quoting style, dialects (registered, classes, keyword overrides) and
# their validation, and the errors of bad input, as CPython's C module gives them.
import _csv, csv, io

rows = list(csv.reader(['a,b,c', '"x, y",2,"say ""hi"""', 'multi "q" in,"line\n', 'two",end', '', ' sp, lead']))
print(rows)
print(list(csv.reader(['a;b', '"c;d";e'], delimiter=';')), list(csv.reader([' a, b'], skipinitialspace=True)))
print(list(csv.reader(['1,2.5,"x"'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader(['a\\,b,c'], escapechar='\\', quoting=csv.QUOTE_NONE)))
r = csv.reader(['a,b', 'c,"d', 'e"'])
print(next(r), r.line_num, next(r), r.line_num, type(r).__name__, r.dialect.delimiter)

for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC):
    out = io.StringIO()
    w = csv.writer(out, quoting=quoting)
    w.writerow(["a", 'b"c', "d,e", 1, 2.5, None, "line\nbreak", ""])
    w.writerows([[1, 2], [""], []])
    print(repr(out.getvalue()))
out = io.StringIO()
w = csv.writer(out, quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
w.writerow(["a,b", 'q"', "esc\\"])
print(repr(out.getvalue()))
out = io.StringIO()
w = csv.writer(out, doublequote=False, escapechar="\\")
w.writerow(['say "hi"'])
print(repr(out.getvalue()))

buf = io.StringIO()
wr = csv.DictWriter(buf, fieldnames=["name", "n"])
wr.writeheader()
wr.writerows([{"name": "x", "n": 1}, {"name": "y, z", "n": 2}])
print(repr(buf.getvalue()))
print([dict(r) for r in csv.DictReader(io.StringIO(buf.getvalue()))])

csv.register_dialect("pipes", delimiter="|", quoting=csv.QUOTE_ALL)
print(sorted(csv.list_dialects()), csv.get_dialect("pipes").delimiter, csv.get_dialect("pipes").quoting)
out = io.StringIO()
csv.writer(out, "pipes").writerow(["a", 1])
print(repr(out.getvalue()))
csv.unregister_dialect("pipes")

class Semi(csv.excel):
    delimiter = ";"
print(list(csv.reader(["a;b"], Semi)), csv.Sniffer().sniff("a;b;c\n1;2;3\n").delimiter)
d = _csv.Dialect(delimiter=":", quotechar=None)
print(d.delimiter, d.quotechar, d.quoting, d.escapechar, repr(d.lineterminator), d.doublequote, d.strict)

def attempt(label, call):
    try:
        print(label, call())
    except Exception as e:
        print(label, type(e).__name__, e)

attempt("delimiter len", lambda: _csv.Dialect(delimiter="::"))
attempt("delimiter int", lambda: _csv.Dialect(delimiter=1))
attempt("delimiter none", lambda: _csv.Dialect(delimiter=None))
attempt("quotechar int", lambda: _csv.Dialect(quotechar=4))
attempt("quoting bad", lambda: _csv.Dialect(quoting=7))
attempt("quoting str", lambda: _csv.Dialect(quoting="1"))
attempt("no quotechar", lambda: _csv.Dialect(quotechar=None, quoting=csv.QUOTE_ALL))
attempt("lineterminator", lambda: _csv.Dialect(lineterminator=None))
attempt("lineterminator int", lambda: _csv.Dialect(lineterminator=4))
attempt("bad keyword", lambda: _csv.Dialect(bad=1))
attempt("set attr", lambda: setattr(d, "delimiter", ","))
attempt("set strict", lambda: setattr(d, "strict", True))
attempt("unknown", lambda: csv.get_dialect("nope"))
attempt("unregister", lambda: csv.unregister_dialect("nope"))
attempt("name int", lambda: csv.register_dialect(1))
attempt("strict", lambda: list(csv.reader(['"a"b'], strict=True)))
attempt("eof strict", lambda: list(csv.reader(['"a'], strict=True)))
attempt("eof", lambda: list(csv.reader(['"a'])))
attempt("bytes", lambda: list(csv.reader([b"a,b"])))
attempt("newline", lambda: list(csv.reader(["a\rb"])))
attempt("nonnumeric", lambda: list(csv.reader(["abc"], quoting=csv.QUOTE_NONNUMERIC)))
attempt("no escape", lambda: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(["a,b"]))
attempt("empty none", lambda: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow([""]))
attempt("not iterable", lambda: csv.writer(io.StringIO()).writerow(5))
attempt("no write", lambda: csv.writer(5))
attempt("reader args", lambda: _csv.reader())
attempt("pickle", lambda: __import__("pickle").dumps(d))
old = csv.field_size_limit(5)
attempt("limit", lambda: list(csv.reader(["abcdefg"])))
attempt("limit str", lambda: csv.field_size_limit("x"))
print(old, csv.field_size_limit(old), csv.field_size_limit())
print(_csv.__version__, _csv.Error.__mro__[1].__name__, isinstance(_csv.Dialect(), _csv.Dialect))
