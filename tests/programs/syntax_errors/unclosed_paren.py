# A parenthesis that is never closed.
print("start"
x = 1
