use crate::unparse::{float_repr, str_repr};

#[test]
fn float_repr_matches_python() {
    let cases = [
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.5, "1.5"),
        (1e16, "1e+16"),
        (1e15, "1000000000000000.0"),
        (1.5e-5, "1.5e-05"),
        (0.0001, "0.0001"),
        (123.456, "123.456"),
        (f64::INFINITY, "inf"),
        (2.5e300, "2.5e+300"),
    ];
    for (f, want) in cases {
        assert_eq!(float_repr(f), want, "{f}");
    }
}

#[test]
fn str_repr_matches_python() {
    assert_eq!(str_repr("abc"), "'abc'");
    assert_eq!(str_repr("it's"), "\"it's\"");
    assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
    assert_eq!(str_repr("tab\tnl\n"), "'tab\\tnl\\n'");
    assert_eq!(str_repr("\u{1}é"), "'\\x01é'");
}
