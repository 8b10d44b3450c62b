# add_note() takes a str and appends it to a list __notes__; anything else in
# __notes__ is a TypeError, and the notes print under the message.
e = Exception()
e.__notes__ = 42
for notes in (42, (1,), "text", None):
    e.__notes__ = notes
    try:
        e.add_note("x")
    except TypeError as exc:
        print(type(notes).__name__, exc)
try:
    e.add_note(5)
except TypeError as exc:
    print(exc)
del e.__notes__
e.add_note("first")
e.add_note("second\nline")
print(e.__notes__)
raise e
