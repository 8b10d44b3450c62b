# coding: latin-1
# A UTF-8 byte-order mark beside another declared encoding: SyntaxError.
print(1)
