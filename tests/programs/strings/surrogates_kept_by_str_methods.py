# The str methods that return parts of a str keep its lone surrogates: strip,
# split (on whitespace or a separator), partition, removeprefix and removesuffix,
# as compat32's header parsing uses them on surrogateescape-decoded input.
s = b"  a:Z\xc3\xa9 b\xff\n".decode("ascii", "surrogateescape")
print(ascii(s.strip()), ascii(s.lstrip()), ascii(s.rstrip()), ascii(s.rstrip("\r\n")))
print(ascii(s.split()), ascii(s.split(":", 1)), ascii(s.rsplit(" ", 1)))
print(ascii(s.split(None, 1)), ascii(s.rsplit(None, 1)), ascii(s.split(" ")))
print(ascii(s.partition(":")), ascii(s.rpartition(" ")), ascii(s.partition("#")))
print(ascii(s.removeprefix("  ")), ascii(s.removesuffix("\n")))


class S(str):
    pass


t = S(s)
print(ascii(t.strip("#")), type(t.strip("#")).__name__, ascii(t.partition("#")[0]))

import email.header
import email.parser
import email.policy

parsed = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(
    "author: Tarek Ziad\u00e9\n".encode())
header = parsed.get_all("author")[0]
print(type(header).__name__, email.header.decode_header(header))
