# Float formatting with precisions beyond what a double's digits need (and beyond
# 65,535): the digits past the exact value are zeros, as in CPython.
x = '%12.*f' % (123456, 1.0)
print(len(x), x[:12], x[-3:])
print(len('%.70000f' % 2.5), len(f'{1/3:.80000f}'), f'{1/3:.80000f}'[:20])
print(len(format(1e300, '.70000f')), format(5e-324, '.1100f')[-10:], format(5e-324, '.2000f')[-5:])
print(len('%.70000e' % 1.5), ('%.70000e' % 1.5)[-8:], len(format(0.1, '.70000g')), format(0.1, '.800g'))
print(len('{:.70000%}'.format(0.25)))
