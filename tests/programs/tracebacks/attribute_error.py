# An uncaught AttributeError on None.
def first_word(text):
    match = None
    if text:
        match = text.split()
    return match.pop(0)
print(first_word("hello world"))
first_word("")
