# Indexing, slicing, comparing and searching bytes and bytearrays, including a
# bytearray that an index's __index__ resizes.
data = bytes(range(256)) * 4
total = 0
for i in range(len(data)):
    total += data[i]
print(total, data[-1], data[5:10], data[::300], data[-3:])
ba = bytearray(b'hello world')
print(ba[0], ba[-1], ba[2:5], ba[::-2], b'wor' in ba, 111 in ba, b'xyz' in ba)
print(b'abc' < b'abd', b'abc' == bytearray(b'abc'), bytearray(b'b') > b'a', b'a' == 'a')
print(hash(b'abc') == hash(bytes(bytearray(b'abc'))), repr(ba), repr(data[:4]))
class Shrinker:
    def __index__(self):
        del ba[:]
        return 3
try:
    print(ba[Shrinker()])
except IndexError as e:
    print('IndexError', e)
ba.extend(b'abcdef')
class Stop:
    def __index__(self):
        del ba[2:]
        return 5
print(ba[0:Stop()])
for bad in (1.5, 'x', None):
    try:
        b'abc'[bad]
    except TypeError as e:
        print(e)
try:
    b'abc'[3]
except IndexError as e:
    print(e)
try:
    bytearray(b'abc')[-4]
except IndexError as e:
    print(e)
