# String formatting: f-strings with format specs, str.format with fields and
# attributes, printf-style %, and formatting of ints, floats and nested data.


class Item:
    def __init__(self, name, price, count):
        self.name = name
        self.price = price
        self.count = count

    def __format__(self, spec):
        if spec == "short":
            return self.name[:3].upper()
        return format(self.name, spec)

    def __repr__(self):
        return f"Item({self.name!r}, {self.price}, {self.count})"


def run(n):
    names = ["apple", "banana", "cherry", "damson", "elderberry", "fig", "grape"]
    items = [Item(names[i % 7], (i * 37 % 1000) / 7, i % 13) for i in range(100)]
    checksum = 0
    samples = []
    for i in range(n):
        item = items[i % 100]
        lines = [
            f"{item.name:>12}|{item.price:10.3f}|{item.count:04d}|{i:#x}|{i:,}",
            f"{item:short} {item!r} {i / 7:.2e} {i % 100:>{item.count + 3}} {-i:+08d}",
            "{0.name:<10} {0.price:.2f} {1:b} {2[0]}-{2[1]}".format(item, i & 255, (i, i * 2)),
            "{name}={value:.1%} {value!s:.6}".format(name=item.name, value=i / n),
            "%s costs %.2f (%d left, %5.1f%%) %r %x %o" % (item.name, item.price, item.count, i / n * 100, i, i, i),
            "%(a)s/%(b)05d" % {"a": item.name, "b": i},
            f"{[i, i + 1]} {(item.count, item.name)} {{literal}} {str(i).zfill(6)} {i!a}",
        ]
        for line in lines:
            checksum = (checksum * 131 + len(line) + ord(line[len(line) // 2])) % 1000000007
        if i % 9999 == 0:
            samples.extend(lines)
    return checksum, samples


checksum, samples = run(40000)
print(checksum)
for line in samples:
    print(line)
