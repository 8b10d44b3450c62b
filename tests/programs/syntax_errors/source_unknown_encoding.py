# coding: no-such-codec
# An unknown declared encoding: SyntaxError.
print(1)
