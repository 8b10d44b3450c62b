# The CJK codecs: round trips, errors and their handlers, incremental decoding
# of split sequences, and streams.
import codecs
import io

SAMPLES = {
    'shift_jis': 'こんにちは、世界 ｶﾀｶﾅ ABC',
    'cp932': '日本語テキスト①',
    'euc_jp': '日本語のテキスト',
    'gbk': '中文文本',
    'gb2312': '简体中文',
    'gb18030': '中文 \U00020000 €',
    'big5': '繁體中文',
    'cp950': '臺灣',
    'euc_kr': '한국어 텍스트',
    'cp949': '한국어',
    'iso2022_jp': '日本語 and ASCII',
}

for name, text in SAMPLES.items():
    data = text.encode(name)
    print(name, data, data.decode(name) == text)
    print(' ', codecs.lookup(name).name)


def show(f):
    try:
        print('  ->', repr(f()))
    except Exception as e:
        print('  !!', type(e).__name__, e)


for name in ('shift_jis', 'euc_jp', 'gbk', 'big5', 'euc_kr', 'iso2022_jp'):
    print(name)
    show(lambda: 'a\u20acb'.encode(name) if name != 'gbk' else 'a\u0e01b'.encode(name))
    show(lambda: '\u0e01x\u0e02'.encode(name, 'replace'))
    show(lambda: '\u0e01x\u0e02'.encode(name, 'ignore'))
    show(lambda: '\u0e01x\u0e02'.encode(name, 'backslashreplace'))
    show(lambda: '\u0e01x\u0e02'.encode(name, 'xmlcharrefreplace'))

for name, bad in (('shift_jis', b'ab\x82'), ('euc_jp', b'x\xa4'), ('gbk', b'\xd6'),
                  ('big5', b'\xa4'), ('euc_kr', b'\xb0')):
    print(name)
    show(lambda: bad.decode(name))
    show(lambda: bad.decode(name, 'replace'))
    show(lambda: bad.decode(name, 'ignore'))
    show(lambda: bad.decode(name, 'backslashreplace'))

show(lambda: b'\x82\x20'.decode('shift_jis', 'replace'))
show(lambda: codecs.lookup('shift_jis').decode(b'\x82\xa0'))

# Incremental decoding of a sequence split across calls.
for name in ('shift_jis', 'euc_jp', 'gb18030', 'big5', 'euc_kr', 'iso2022_jp'):
    data = SAMPLES.get(name, '中文 \U00020000').encode(name)
    dec = codecs.getincrementaldecoder(name)()
    parts = [dec.decode(data[i:i + 1]) for i in range(len(data))]
    parts.append(dec.decode(b'', final=True))
    print(name, ''.join(parts) == data.decode(name), len([p for p in parts if p]))
    enc = codecs.getincrementalencoder(name)()
    out = b''.join(enc.encode(c) for c in data.decode(name)) + enc.encode('', final=True)
    print(' ', out == data)

dec = codecs.getincrementaldecoder('shift_jis')()
show(lambda: dec.decode(b'\x82'))
show(lambda: dec.decode(b'', final=True))

# Streams.
for name in ('shift_jis', 'euc_jp', 'iso2022_jp', 'gbk'):
    buf = io.BytesIO()
    w = codecs.getwriter(name)(buf)
    w.write(SAMPLES[name])
    w.write('\n2行目\n' if name != 'gbk' else '\n第二\n')
    w.reset()
    print(name, buf.getvalue())
    buf.seek(0)
    r = codecs.getreader(name)(buf)
    print(' ', r.readline(), r.read())
    buf.seek(0)
    print(' ', codecs.getreader(name)(buf).readlines())

print(io.TextIOWrapper(io.BytesIO('テキスト\n行\n'.encode('euc_jp')), encoding='euc_jp').read())

import _codecs_jp
show(lambda: _codecs_jp.getcodec('nope'))
show(lambda: _codecs_jp.getcodec('gbk'))
c = _codecs_jp.getcodec('cp932')
print(type(c).__name__, c.encode('ｱ'), c.decode(b'\xb1'))

# Registered error handlers, and the positions they give.
codecs.register_error('test.cjk', lambda exc: ('<%d:%d>' % (exc.start, exc.end), exc.end))
print('a\u20acb\u20ac'.encode('shift_jis', 'test.cjk'))
print(b'a\xff\x82\xa0b'.decode('euc_jp', 'test.cjk'))
codecs.register_error('test.cjkbytes', lambda exc: (b'[]', exc.end))
print('x\u0e01y'.encode('gbk', 'test.cjkbytes'))
codecs.register_error('test.cjkfar', lambda exc: ('', 10 ** 30))
show(lambda: b'a\xffb'.decode('big5', 'test.cjkfar'))
codecs.register_error('test.cjkbad', lambda exc: 'nope')
show(lambda: '\u20ac'.encode('euc_jp', 'test.cjkbad'))
show(lambda: b'\xff'.decode('euc_jp', 'test.cjkbad'))
codecs.register_error('test.cjkback', lambda exc: ('!', -1))
print('ab\u20acc'.encode('shift_jis', 'test.cjkback'))

# The state of an incremental decoder: the bytes of a cut-off sequence.
dec = codecs.getincrementaldecoder('euc_jp')()
print(repr(dec.decode(b'\xa4\xa6\xa4')), dec.getstate())
print(repr(dec.decode(b'\xa6')), dec.getstate())
dec.setstate((b'\xa4', 0))
print(repr(dec.decode(b'\xa6')))
show(lambda: dec.setstate((b'123456789', 0)))
show(lambda: dec.setstate(('x', 0)))
dec = codecs.getincrementaldecoder('cp949')()
print(repr(dec.decode(b'\xc6\xc4\xc0')))
show(lambda: dec.decode(b'', True))
print(repr(dec.decode(b'\xcc')))
enc = codecs.getincrementalencoder('shift_jis')('backslashreplace')
print(enc.encode('\xff'), enc.encode('\n'))
show(lambda: delattr(enc, 'errors'))
show(lambda: setattr(enc, 'errors', 3))

# Where JIS X 0208 and Microsoft's tables differ.
for name in ('shift_jis', 'euc_jp', 'iso2022_jp', 'cp932'):
    for t in ('\u301c', '\uff5e', '\u2212', '\uff0d', '\u2016', '\xa2', '\xac', '\u2460', '\xa5'):
        show(lambda: (name, t.encode(name)))
for name, b in (('shift_jis', b'\x81\x60\x81\x7c\x81\x91'), ('shift_jis', b'\x87\x40'),
                ('cp932', b'\x81\x60\x87\x40'), ('euc_jp', b'\xa1\xc1\xad\xa1'),
                ('euc_kr', b'\x81\x41'), ('cp949', b'\x81\x41'), ('gb2312', b'\x81\x40'),
                ('gbk', b'\x81\x40')):
    show(lambda: b.decode(name))

# cp932's single bytes beyond JIS.
show(lambda: b'\x80\xa0\xfd\xfe\xff\x82\xa0'.decode('cp932'))
show(lambda: '\x80\uf8f0\uf8f1\uf8f3'.encode('cp932'))
show(lambda: b'\xa0'.decode('shift_jis'))
