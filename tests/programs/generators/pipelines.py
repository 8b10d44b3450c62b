# Chained generator pipelines.
def read(lines):
    for line in lines:
        yield line
def strip_comments(lines):
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            yield line
def parse(lines):
    for line in lines:
        key, _, value = line.partition("=")
        yield key.strip(), int(value)
source = ["a = 1  # first", "# only comment", "", "b=2", "c = 30"]
config = dict(parse(strip_comments(read(source))))
print(config)
squares = (x * x for x in range(10))
odd = (x for x in squares if x % 2)
print(sum(odd))
def chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
print(list(chunks("abcdefg", 3)))
