# Case and classification methods.
s = "Hello, World"
print(s.upper(), s.lower(), s.swapcase(), s.title(), "hello world".capitalize(), "ß".casefold())
print("abc".isalpha(), "ab1".isalnum(), "123".isdigit(), "12.3".isdigit(), " \t".isspace(), "".isspace())
print("Hello".istitle(), "HELLO".isupper(), "hello".islower(), "Abc".islower(), "x1".isidentifier(), "1x".isidentifier())
print("٣".isdecimal(), "½".isnumeric(), "²".isdigit(), "abc".isascii(), "é".isascii(), "a\n".isprintable())
