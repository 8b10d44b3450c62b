# struct: one error class for every copy of the module, CPython's boundary and
# NUL messages.
import struct, sys
from test.support import import_helper
fresh = import_helper.import_fresh_module('struct', fresh=['_struct'])
try:
    struct.pack_into('b', bytearray(1), 5, 1)
except struct.error as e:
    print('caught', e)
for s in '\0', '2\0i', b'\0':
    try:
        struct.calcsize(s)
    except struct.error as e:
        print(e)
try:
    struct.pack_into('<I', bytearray(10), sys.maxsize, 1)
except struct.error as e:
    print(e)
try:
    struct.unpack_from('<I', bytearray(10), sys.maxsize)
except struct.error as e:
    print(e)
