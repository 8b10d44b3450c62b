# Word statistics over a text: dicts, sorting, string methods, formatting.
TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""
words = [w.strip(",.").lower() for w in TEXT.split()]
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:6]
for word, count in top:
    print(f"{word:<10}{count:>3} {'#' * count}")
print(len(words), len(freq), max(words, key=len), round(sum(map(len, words)) / len(words), 3))
lengths = {}
for w in set(words):
    lengths.setdefault(len(w), []).append(w)
print({k: sorted(v) for k, v in sorted(lengths.items())})
print(TEXT.count("it was"), TEXT.splitlines()[1][:20], TEXT.title()[:30])
