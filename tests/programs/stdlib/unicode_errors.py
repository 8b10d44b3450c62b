# Unicode errors carry their fields and format their messages from them.
for make in [
    lambda: UnicodeDecodeError('utf-8', b'a\xffb', 1, 2, 'invalid start byte'),
    lambda: UnicodeDecodeError('utf-8', b'a\xff\xfeb', 1, 3, 'bad'),
    lambda: UnicodeEncodeError('ascii', 'a\u20acb', 1, 2, 'ordinal not in range(128)'),
    lambda: UnicodeEncodeError('ascii', 'a\xe9\U0001f600', 1, 3, 'nope'),
    lambda: UnicodeEncodeError('latin-1', '\U0001f600', 0, 1, 'x'),
    lambda: UnicodeTranslateError('a\u20ac', 1, 2, 'no mapping'),
]:
    e = make()
    print(type(e).__name__, str(e), e.start, e.end, e.reason, repr(e.object))
for data, enc in [(b'\xff', 'utf-8'), (b'ab\xc3', 'utf-8'), (b'\x80', 'ascii')]:
    try:
        data.decode(enc)
    except UnicodeDecodeError as e:
        print(e, '|', e.encoding, e.start, e.end, e.reason)
print(UnicodeDecodeError('x').args, str(UnicodeEncodeError('just a message')))
