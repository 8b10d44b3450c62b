# format() and format specs for numbers.
print(format(42, "d"), format(42, "5d"), format(42, "<5d") + "|", format(42, "^7d"), format(42, "05d"))
print(format(255, "x"), format(255, "X"), format(255, "#x"), format(255, "o"), format(255, "#b"))
print(format(1234567, ","), format(1234567, "_"), format(-42, "+d"), format(42, "+d"), format(42, " d"))
print(format(3.14159, ".2f"), format(3.14159, "10.3f"), format(1e10, "e"), format(1e10, ".2E"))
print(format(0.5, "%"), format(0.123, ".1%"), format(1234.5, ",.2f"), format(12.0, "g"), format(1e-7, "g"))
print(format(3.0), format(2.5, ""), format(1e20, "g"), format(123456789.0, ".3g"))
print(format("x", "*^5"), format(-3.5, "=+8.2f"), format(7, "b"))
print("{:>8}|{:<8}|{:^8}|".format(1.5, -2, "ab"))
