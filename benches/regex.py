# The re module over generated text: compile, match, search, findall, finditer,
# sub with strings and functions, split, groups and named groups.
import random
import re

WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "zeta", "theta", "lambda"]


def make_log(rng, lines):
    out = []
    for i in range(lines):
        level = rng.choice(["INFO", "WARN", "ERROR", "DEBUG"])
        user = f"{rng.choice(WORDS)}{rng.randint(1, 99)}@{rng.choice(WORDS)}.example.org"
        ip = ".".join(str(rng.randint(0, 255)) for _ in range(4))
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))
        out.append(f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {level} [{ip}] user={user} took={rng.randint(1, 5000)}ms {words}")
    return "\n".join(out)


LINE = re.compile(r"^(?P<date>\d{4}-\d\d-\d\d) (?P<level>[A-Z]+) \[(?P<ip>[\d.]+)\] user=(?P<user>\S+) took=(?P<ms>\d+)ms (?P<msg>.*)$", re.M)
EMAIL = re.compile(r"([a-z]+)(\d+)@([a-z]+)\.example\.org")
IP = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b")
WORD = re.compile(r"\b[a-z]{5}\b")


def analyse(text):
    levels = {}
    slow = 0
    for m in LINE.finditer(text):
        levels[m["level"]] = levels.get(m["level"], 0) + 1
        if int(m.group("ms")) > 4000:
            slow += 1
    emails = EMAIL.findall(text)
    domains = sorted({d for _, _, d in emails})
    private = sum(1 for m in IP.finditer(text) if m.group(1) in ("10", "192"))
    five = len(WORD.findall(text))
    masked = IP.sub(lambda m: f"{m.group(1)}.x.x.{m.group(4)}", text)
    renamed = re.sub(r"user=(\w+?)(\d+)@", r"user=\2-\1@", masked)
    pieces = re.split(r"[\s\[\]=@]+", renamed[:20000])
    errors = len(re.findall(r"^\S+ ERROR ", text, flags=re.M))
    searched = sum(1 for line in text.splitlines() if re.search(r"omega.*omega", line))
    matched = sum(1 for line in text.splitlines() if re.match(r"2024-0[1-6]", line))
    case = len(re.findall(r"(?i)ALPHA|Beta", text))
    return levels, slow, len(emails), domains, private, five, len(renamed), len(pieces), errors, searched, matched, case


rng = random.Random(2024)
text = make_log(rng, 15000)
for item in analyse(text):
    print(item)
m = LINE.search(text)
print(m.groupdict())
print(m.span("ip"), m.start(), m.end("user"), m.lastgroup)
print(re.escape("a.b*c"), re.fullmatch(r"\d+", "12345") is not None)
