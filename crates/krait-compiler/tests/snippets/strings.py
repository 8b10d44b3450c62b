name = "world"
width = 10
s1 = f"hello {name}"
s2 = f"{name!r:>{width}} {name!s} {name!a}"
s3 = f"{name=}"
s4 = f"{3.14:.2f}" "plain" f"{name}"
s5 = "%s and %r" % (name, width)
s6 = "%5s|%-3s|%.2s" % (name, name, name)
s7 = "%d" % (width,)
s8 = b"bytes" + b"more"
s9 = "a" "b" "c"
s10 = f""
s11 = f"{{literal}}"
