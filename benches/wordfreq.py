# Strings and dicts: word frequencies over generated text (split, lower, strip,
# Counter, sorting by count then word).
import itertools
import random
from collections import Counter

SYLLABLES = ["ka", "ri", "to", "mu", "sen", "la", "po", "qui", "dra", "ve", "no", "xi", "bel", "or"]
PUNCTUATION = [",", ".", ";", "!", "?", ""]


def make_vocabulary(rng, size):
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def make_text(rng, vocabulary, lines, per_line):
    # A skewed choice so that some words are far more common than others.
    order = vocabulary[:]
    rng.shuffle(order)
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(order))))
    out = []
    for _ in range(lines):
        words = rng.choices(order, cum_weights=cumulative, k=per_line)
        decorated = []
        for w in words:
            if rng.random() < 0.1:
                w = w.capitalize()
            decorated.append(w + rng.choice(PUNCTUATION))
        out.append(" ".join(decorated))
    return "\n".join(out)


def count_by_hand(text):
    counts = {}
    for line in text.splitlines():
        for token in line.split():
            word = token.strip(",.;!?").lower()
            if word:
                counts[word] = counts.get(word, 0) + 1
    return counts


def count_with_counter(text):
    return Counter(word.strip(",.;!?").lower() for word in text.split())


rng = random.Random(42)
vocabulary = make_vocabulary(rng, 2000)
text = make_text(rng, vocabulary, 20000, 12)
by_hand = count_by_hand(text)
counter = count_with_counter(text)
assert by_hand == dict(counter)
ranked = sorted(by_hand.items(), key=lambda item: (-item[1], item[0]))
print(len(text), len(by_hand), sum(by_hand.values()))
for word, count in ranked[:10]:
    print(f"{word:>12} {count}")
print(counter.most_common(3))
lengths = Counter(len(w) for w in by_hand)
print(sorted(lengths.items()))
initials = sorted({w[0] for w in by_hand})
print("".join(initials))
