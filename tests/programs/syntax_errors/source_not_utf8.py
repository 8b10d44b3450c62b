# Source that is not UTF-8, with no declaration of its codec: SyntaxError.
x = 1
print("ÿ")
