# Building strings in loops and unicode code points.
word = "naïve café"
print(len(word), [ord(c) for c in word if ord(c) > 127])
out = ""
for ch in word:
    out = ch + out
print(out)
counts = {}
for ch in "abracadabra":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
print("".join(c.upper() if i % 2 else c for i, c in enumerate("alternating")))
print(word.upper(), word.encode("utf-8"), len(word.encode("utf-8")))
