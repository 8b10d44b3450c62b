# -*- coding: latin-1 -*-
# Source in a declared encoding (PEP 263): this file is Latin-1.
s = "café µ"
print(s, len(s), [hex(ord(c)) for c in s[-3:]])
