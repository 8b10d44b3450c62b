# Building a str with += in a loop stays linear (the str grows in place when
# nothing else refers to it); a quadratic copy would run past the time limit.
def build(n):
    out = ""
    for i in range(n):
        out += "ab"
        out = out + "c"
    return out
s = build(400000)
print(len(s), s[:6], s[-6:])
shared = "x"
alias = shared
shared += "y"
print(shared, alias)
