# Zero padding with grouping at every width: the padding zeros are grouped too.
for w in range(0, 40):
    print(format(1234, "0%d," % w), format(-0x1234, "0%d_x" % w), format(12.5, "0%d,.1f" % w), format(1, "0%d_b" % w))
print(len(format(7, "01000000,")), len(format(7.5, "0999999_.2f")))
