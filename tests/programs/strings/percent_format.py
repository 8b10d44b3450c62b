# printf-style formatting with %.
print("%s and %r" % ("str", "str"))
print("%d %i %5d|%-5d|%05d" % (1, 2, 3, 4, 5))
print("%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%f %.2f %10.3f %e %.1E %g %g" % (3.14159, 3.14159, 3.14159, 12345.678, 0.00012, 1e-5, 123.0))
print("%c%c %%" % (72, "i"))
print("%(name)s is %(age)d" % {"name": "Ann", "age": 30})
print("%*d|%-*s|" % (5, 42, 4, "ab"))
print("%s" % [1, 2], "%s" % (1,), "%.3s" % "abcdef", "%+d % d" % (5, 5))
try:
    "%d" % "x"
except TypeError as e:
    print(type(e).__name__, e)
try:
    "%s %s" % (1,)
except TypeError as e:
    print(type(e).__name__, e)
try:
    "%s" % (1, 2)
except TypeError as e:
    print(type(e).__name__, e)
