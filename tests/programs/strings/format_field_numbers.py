# Field numbers and keys of str.format made of decimal digits (Unicode ones too)
# are numbers up to the largest size; past it, 'Too many decimal digits'.
for s in ['{9999999999999999999}', '{99999999999999999999999}', '{2147483648}', '{5}', '{9223372036854775807}', '{9223372036854775808}', '{0[9999999999999999999]}', '{0:{9999999999999999999}}']:
    try:
        print(s.format(1, 2))
    except Exception as e:
        print(s, type(e).__name__, e)
print('{٠}'.format('x'), '{0[١]}'.format([5, 6]), '{0[a1]}'.format({'a1': 3}), '{0[-1]}'.format({'-1': 4}))
for s in ['{0[]}', '{0[x}', '{٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠}']:
    try:
        print(s.format([1]))
    except Exception as e:
        print(s, type(e).__name__, e)
