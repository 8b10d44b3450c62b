# repr of strings picks quotes and escapes.
for s in ["plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash",
          "\x00\x07\x7f", "é", "\u200b", "\U0001F600", "\r", "\x80"]:
    print(repr(s))
print(ascii("é\U0001F600"), ascii("plain"))
print(str("a\nb"))
