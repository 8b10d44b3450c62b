# Notes added to an exception appear after its message.
try:
    {}["id"]
except KeyError as e:
    e.add_note("while reading record 7")
    e.add_note("check the input file")
    raise
