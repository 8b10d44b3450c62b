# sub, subn and split with templates, callables and counts; escape.
import re

print(re.sub(r"\d", "#", "a1b22c333"))
print(re.sub(r"\d", "#", "a1b22c333", count=2))
print(re.sub(r"\d", "#", "a1b22c333", 0))
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "joe@example bob@host"))
print(re.sub(r"(?P<word>\w+)", r"<\g<word>>", "a bc"))
print(re.sub(r"(\w)", r"\g<1>0", "ab"))
print(re.sub(r"x*", "-", "abxd"))
print(re.sub(r"", "-", "abc"))
print(re.sub("a", r"\n", "bab") == "b\nb")
print(re.sub("a", lambda m: m.group().upper(), "banana"))
print(re.sub("a", lambda m: None if m.start() == 1 else "A", "banana") if False else "skip None")
print(re.sub(r"(\d+)", lambda m: str(int(m[1]) * 2), "3 apples and 12 pears"))
print(re.subn(r"\s+", " ", "a  b \t c\n\nd"))
print(re.subn("z", "y", "abc"))
print(re.sub(r"(a)|b", r"[\1]", "ab"))
print(re.sub("(?i)B", "x", "abBA"))
p = re.compile(r"o")
print(p.sub("0", "foo boo"), p.subn("0", "foo boo", 1))
print(re.sub("a", "\\\\", "bab"))
print(re.sub(r"\b", "|", "hi there"))

def count_calls():
    seen = []
    def repl(m):
        seen.append(m.span())
        return "<" + m.group() + ">"
    print(re.sub(r"\w+", repl, "ab cd"), seen)

count_calls()

# Callables get match objects with the whole string
print(re.sub("b", lambda m: f"{m.pos},{m.endpos},{m.string}", "abc"))

# split
print(re.split(r",", "a,b,,c"))
print(re.split(r"(,)", "a,b,,c"))
print(re.split(r",", "a,b,,c", maxsplit=2))
print(re.split(r",", "a,b,,c", 1))
print(re.split(r"(a)|(b)", "xaybz"))
print(re.split(r"\s*", "a b  c"))
print(re.split(r"", "abc"))
print(re.split(r"x*", "axbxc"))
print(re.split(r"\b", "hi there"))
print(re.split(r"z", "abc"))
print(re.split(r",", ""))
print(re.split(r",", "a,b", maxsplit=-1))

# escape
print(re.escape("a.b*c+d?e^f$g|h(i)j[k]l{m}n\\o p\tq-r#s&t~u"))
print(re.escape("plain_text123"), re.escape("üñï"))
print(re.escape(b"a.b\x00c"))
print(re.match(re.escape("1+1=2?"), "1+1=2?"))

# Templates in expand
m = re.match(r"(?P<a>\w)(\w)", "xy")
print(m.expand(r"\2\1 \g<a>\g<2> \\"))
print(m.expand(b"\\2" .decode()))
