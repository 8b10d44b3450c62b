# `_string` (CPython's Objects/stringlib/unicode_format.h, as exposed by
# Objects/unicodeobject.c): the parsers behind string.Formatter. Frozen into Krait
# and run by crates/krait-stdlib/src/_string.rs.


def _check_str(s):
    if not isinstance(s, str):
        raise TypeError(f"descriptor 'formatter_parser' for 'str' objects doesn't apply to a '{type(s).__name__}' object")


def _split_field(field):
    # -> (field_name, format_spec, conversion)
    j = 0
    n = len(field)
    while j < n:
        c = field[j]
        if c == '[':
            while j < n and field[j] != ']':
                j += 1
        elif c == '!' or c == ':':
            break
        j += 1
    name = field[:j]
    if j >= n:
        return name, '', None
    if field[j] == ':':
        return name, field[j + 1:], None
    if j + 1 >= n:
        raise ValueError('end of string while looking for conversion specifier')
    conversion = field[j + 1]
    j += 2
    if j < n:
        if field[j] != ':':
            raise ValueError("expected ':' after conversion specifier")
        return name, field[j + 1:], conversion
    return name, '', conversion


def _parse(s):
    i = 0
    n = len(s)
    while i < n:
        start = i
        while i < n and s[i] != '{' and s[i] != '}':
            i += 1
        literal = s[start:i]
        if i >= n:
            yield (literal, None, None, None)
            return
        c = s[i]
        i += 1
        if i < n and s[i] == c:
            yield (literal + c, None, None, None)
            i += 1
            continue
        if c == '}':
            raise ValueError("Single '}' encountered in format string")
        if i >= n:
            raise ValueError("Single '{' encountered in format string")
        depth = 1
        fstart = i
        while i < n:
            if s[i] == '{':
                depth += 1
            elif s[i] == '}':
                depth -= 1
                if depth == 0:
                    break
            i += 1
        if depth:
            raise ValueError("expected '}' before end of string")
        field = s[fstart:i]
        i += 1
        name, spec, conversion = _split_field(field)
        yield (literal, name, spec, conversion)


def formatter_parser(s, /):
    _check_str(s)
    return _parse(s)


def _maybe_int(s):
    if s and s.isdigit() and s.isascii():
        return int(s)
    return s


def _rest(s, i):
    n = len(s)
    while i < n:
        c = s[i]
        i += 1
        if c == '.':
            start = i
            while i < n and s[i] not in '.[':
                i += 1
            if i == start:
                raise ValueError('Empty attribute in format string')
            yield (True, s[start:i])
        elif c == '[':
            start = i
            while i < n and s[i] != ']':
                i += 1
            if i >= n:
                raise ValueError("Missing ']' in format string")
            if i == start:
                raise ValueError('Empty attribute in format string')
            yield (False, _maybe_int(s[start:i]))
            i += 1
            if i < n and s[i] not in '.[':
                raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
        else:
            raise ValueError("Only '.' or '[' may follow ']' in format field specifier")


def formatter_field_name_split(s, /):
    _check_str(s)
    i = 0
    while i < len(s) and s[i] not in '.[':
        i += 1
    return _maybe_int(s[:i]), _rest(s, i)
