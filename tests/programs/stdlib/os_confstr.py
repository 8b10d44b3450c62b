# os.confstr and os.confstr_names: the C library's string-valued configuration.
import os

print(sorted(os.confstr_names.items()))
print(os.confstr("CS_PATH") == os.confstr(os.confstr_names["CS_PATH"]))
print(type(os.confstr("CS_PATH")).__name__, os.confstr("CS_PATH").startswith("/"))
print(os.confstr("CS_GNU_LIBC_VERSION").split()[0])
print(os.confstr.__text_signature__, os.confstr.__doc__)
for name in ["nope", 1.5, 999, 2**40, None]:
    try:
        print(repr(os.confstr(name)))
    except Exception as e:
        print(type(e).__name__, e)
