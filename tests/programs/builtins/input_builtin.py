# input() reads lines from stdin; EOF raises EOFError.
name = input()
print("hello,", name)
age = int(input("age? "))
print("next year", age + 1)
rest = input()
print(repr(rest))
try:
    input()
except EOFError as e:
    print(type(e).__name__, e)
