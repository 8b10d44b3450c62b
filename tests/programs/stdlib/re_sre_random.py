# Random patterns from a small grammar, each matched, searched and fully matched
# against random subjects: spans, groups and lastindex, or the error raised.
import random
import re

rng = random.Random(31)
ATOMS = ["a", "b", "c", ".", "[ab]", "[^a]", r"\w", r"\d", "x", "(?:a|bc)", r"\b", "$", "^", "(?=a)", "(?!b)", r"(?<=a)"]


def atom(depth, groups):
    r = rng.random()
    if depth < 3 and r < 0.25:
        groups[0] += 1
        return "(" + seq(depth + 1, groups) + ")"
    if depth < 3 and r < 0.35:
        return "(?:" + seq(depth + 1, groups) + "|" + seq(depth + 1, groups) + ")"
    if depth < 3 and r < 0.4:
        return "(?>" + seq(depth + 1, groups) + ")"
    if groups[0] and r < 0.45:
        return "\\" + str(rng.randint(1, groups[0]))
    return rng.choice(ATOMS)


def seq(depth, groups):
    out = ""
    for _ in range(rng.randint(1, 3)):
        a = atom(depth, groups)
        if a not in (r"\b", "$", "^", "(?=a)", "(?!b)", r"(?<=a)") and rng.random() < 0.5:
            a += rng.choice(["*", "+", "?", "{1,2}", "*?", "+?", "??", "{0,3}?", "*+", "++", "{2}"])
        out += a
    return out


for _ in range(700):
    pattern = seq(0, [0])
    flags = rng.choice([0, 0, re.I, re.S, re.M])
    try:
        p = re.compile(pattern, flags)
    except re.error as e:
        print(pattern, "error", e)
        continue
    results = []
    for _ in range(3):
        subject = "".join(rng.choice("abcx1 ") for _ in range(rng.randint(0, 9)))
        for name in ("match", "search", "fullmatch"):
            try:
                m = getattr(p, name)(subject)
                results.append(None if m is None else (m.span(), m.groups(), m.lastindex))
            except Exception as e:
                results.append(type(e).__name__)
        try:
            results.append(p.findall(subject))
            results.append(p.sub("-", subject))
        except Exception as e:
            results.append(type(e).__name__)
    print(pattern, flags, results)
