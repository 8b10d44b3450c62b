# Case mappings, case predicates and repr over a sample of all code points (Unicode 14 as in 3.11).
def cs(s, acc):
    for ch in s:
        acc = (acc * 31 + ord(ch)) % 1000000007
    return acc
for block in range(0, 0x110000, 0x1000):
    acc = [0] * 8
    for cp in range(block, block + 0x1000, 11):
        if 0xd800 <= cp < 0xe000:
            continue
        c = chr(cp)
        acc[0] = cs(c.upper(), acc[0])
        acc[1] = cs(c.lower(), acc[1])
        acc[2] = cs(c.title(), acc[2])
        acc[3] = cs(c.casefold(), acc[3])
        acc[4] = cs(c.swapcase(), acc[4])
        acc[5] = (acc[5] * 7 + c.islower() * 4 + c.isupper() * 2 + c.istitle()) % 1000000007
        acc[6] = (acc[6] * 7 + c.isspace() * 4 + c.isalnum() * 2 + c.isprintable()) % 1000000007
        acc[7] = cs(repr(c), acc[7])
    print(hex(block), acc)
