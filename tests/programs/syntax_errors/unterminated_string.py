# An unterminated string literal.
x = "abc
