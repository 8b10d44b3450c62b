use krait_bytecode::Constant;
use num_bigint::BigInt;

use crate::fold::{int_const, parse_int_literal};

#[test]
fn int_literals_parse_in_every_base() {
    assert_eq!(parse_int_literal("0x_ff"), Some(BigInt::from(255)));
    assert_eq!(parse_int_literal("0o17"), Some(BigInt::from(15)));
    assert_eq!(parse_int_literal("0b1010"), Some(BigInt::from(10)));
    assert_eq!(
        parse_int_literal("1_000_000"),
        Some(BigInt::from(1_000_000))
    );
    let big = parse_int_literal("123456789012345678901234567890").expect("parses");
    assert_eq!(big.to_string(), "123456789012345678901234567890");
}

#[test]
fn small_ints_stay_small() {
    assert_eq!(int_const(BigInt::from(5)), Constant::Int(5));
    let huge = BigInt::from(i64::MAX) + 1;
    assert!(matches!(int_const(huge), Constant::BigInt(_)));
}

fn fold(src: &str) -> Option<Constant> {
    let parsed = ruff_python_parser::parse_expression(src).expect("expression parses");
    crate::fold::constant(parsed.expr(), 0, src)
}

#[test]
fn folding_follows_python_arithmetic() {
    assert_eq!(fold("-7 // 2"), Some(Constant::Int(-4)));
    assert_eq!(fold("-7 % 3"), Some(Constant::Int(2)));
    assert_eq!(fold("7.5 // -2"), Some(Constant::Float(-4.0)));
    assert_eq!(fold("2 ** -1"), Some(Constant::Float(0.5)));
    assert_eq!(fold("1 << 3"), Some(Constant::Int(8)));
    assert_eq!(fold("True + True"), Some(Constant::Int(2)));
    assert_eq!(fold("True & False"), Some(Constant::Bool(false)));
    assert_eq!(fold("'ab' * 2"), Some(Constant::Str("abab".into())));
    assert_eq!(fold("(1, 2) + (3,)"), fold("(1, 2, 3)"));
    assert_eq!(fold("1 / 0"), None);
    assert_eq!(
        fold("2 ** 200"),
        None,
        "results past 128 bits are left to run time"
    );
    assert_eq!(
        fold("'x' * 5000"),
        None,
        "strings past 4096 characters are not folded"
    );
    assert_eq!(fold("__debug__"), Some(Constant::Bool(true)));
    assert_eq!(fold("'%s' % x"), None);
    assert_eq!(
        fold("() * 10**18"),
        fold("()"),
        "repeating nothing is instant"
    );
    assert_eq!(fold("'' * 10**18"), Some(Constant::Str("".into())));
}

#[test]
fn lone_surrogates_survive_folding() {
    let points = |c: Option<Constant>| c.and_then(|c| c.str_points());
    assert_eq!(points(fold(r"'\ud800'")), Some(vec![0xd800]));
    assert_eq!(
        points(fold(r"'a\udc80' 'b'")),
        Some(vec![0x61, 0xdc80, 0x62])
    );
    assert_eq!(points(fold(r"'\ud800' * 2")), Some(vec![0xd800, 0xd800]));
    assert_eq!(points(fold(r"'x\udfffy'[1]")), Some(vec![0xdfff]));
    // A surrogate pair in escapes stays two code points, as in CPython.
    assert_eq!(points(fold(r"'\ud83d\ude00'")), Some(vec![0xd83d, 0xde00]));
    // Raw literals and escaped backslashes name no surrogate.
    assert_eq!(fold(r"r'\ud800'"), Some(Constant::Str("\\ud800".into())));
    assert_eq!(fold(r"'\\ud800'"), Some(Constant::Str("\\ud800".into())));
}
