# _locale over the C library: setlocale, localeconv, nl_langinfo, getencoding,
# strcoll and strxfrm, and locale on top of it.
import _locale
import locale
print(sorted(n for n in dir(_locale) if not n.startswith('__') and n not in ('bind_textdomain_codeset', 'bindtextdomain', 'dcgettext', 'dgettext', 'gettext', 'textdomain')))
print(_locale.setlocale(_locale.LC_ALL), _locale.getencoding(), _locale.localeconv())
print(_locale.setlocale.__text_signature__, _locale.nl_langinfo.__text_signature__, _locale.strcoll.__text_signature__, _locale.Error, _locale.Error.__module__)
for f in (lambda: _locale.setlocale(99), lambda: _locale.setlocale(_locale.LC_ALL, 'xx_YY'), lambda: _locale.nl_langinfo(12345), lambda: _locale.strcoll('a', 1)):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
# The C library promises only the sign of a collation (glibc's wcscmp can return
# -3 for 'a' < 'b' when a string sits near the end of a page).
sign = lambda n: (n > 0) - (n < 0)
print(sign(_locale.strcoll('a', 'b')), sign(_locale.strcoll('b', 'a')), _locale.strcoll('a', 'a'), _locale.strxfrm('abc'))
print(_locale.nl_langinfo(_locale.DAY_1), _locale.nl_langinfo(_locale.ABMON_12), _locale.nl_langinfo(_locale.CODESET), _locale.nl_langinfo(_locale.D_T_FMT))
print(locale.getpreferredencoding(False), locale.getencoding(), locale.getlocale(), locale.setlocale(locale.LC_NUMERIC, 'C'))
print(locale.format_string('%d', 1234567, grouping=True), locale.str(1.5), locale.atof('2.5'))
print(sorted(['b', 'A', 'a', 'B'], key=locale.strxfrm))
