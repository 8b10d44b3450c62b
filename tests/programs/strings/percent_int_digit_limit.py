# printf-style %d/%i/%u of an int past sys.get_int_max_str_digits() raises as str() does.
import sys
for src in ["'%d' % 10**5000", "'%i' % -10**5000", "'%x' % 10**5000 != ''", "'%d' % 10**4299 != ''", "b'%d' % 10**5000", "'%s' % 10**5000", "'%r' % 10**5000", "'%.0f' % 1e300 != ''", "'%d' % 12345.6", "'%5.3d|%-6d|%+d' % (7, -3, 5)"]:
    try: print(src, '->', eval(src))
    except Exception as e: print(src, '->', type(e).__name__, e)
sys.set_int_max_str_digits(0)
print(len('%d' % 10**5000))
