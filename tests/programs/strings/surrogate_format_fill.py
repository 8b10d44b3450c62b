# A lone surrogate as the fill of a format spec pads with that surrogate.
print(ascii(format(5, '\udc80>4')))
print(ascii(format('ab', '\ud800^6')))
print(ascii(f"{7:\udfff<3}"))
print(ascii(format(2.5, '\udc80^9.2f')), ascii(format(True, '\ud800>3')))
print(ascii(format(-42, '\udc80=6')), ascii(format(10**20, '\udc80>25,')))
print(ascii(format('x', '\udc80<1')), ascii(format(3, '\udc80>0')))
s = format(1, '\udc80>3')
print(len(s), [hex(ord(c)) for c in s])
print(ascii(format('\ue000', '\udc80>3')))
for bad in ('\udc80', '\udc80>4z'):
    try:
        format(5, bad)
    except ValueError as e:
        print('ValueError')
