# An exception raised while handling another prints both.
def parse(text):
    try:
        return int(text)
    except ValueError:
        raise RuntimeError("could not parse " + repr(text))
parse("forty-two")
