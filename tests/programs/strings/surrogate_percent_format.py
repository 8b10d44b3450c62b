# printf-style formatting keeps lone surrogates: in the format's literal text, in
# what %s and %c insert (with widths and precisions), and datetime.isoformat with
# a surrogate separator.
y = '%c' % '\ud800'
print(ascii(y), ascii(y + 'b'), len(y))
print(ascii('%s|%5s|%-5s|%.2s|%c|%3c|%-3c|' % ('a\udc80', '\ud800', 'x\udfff', '\udc80\udc81\udc82', 0xdc99, '\ud800', 0xd801)))
print(ascii('\ud800%d\udc00%s' % (5, 'z')))
print(ascii('%(k)s\udc80' % {'k': '\ud800'}))
print('%s %d %5.1f %r %a %x %c' % ('é', 3, 2.25, 'q', 'é', 255, 'w'))
for bad in [('%c', 'ab'), ('%c', 0x110000), ('%c', -1), ('%c', 1.5)]:
    try: print(bad[0] % bad[1])
    except (TypeError, OverflowError) as e: print(type(e).__name__, e)
import datetime as d
print(ascii(d.datetime(1,2,3,4,5,1,123).isoformat('\ud800')))
print(b'%c%s' % (65, b'x'))
