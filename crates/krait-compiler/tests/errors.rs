//! Compile-time errors: CPython's messages and positions, and no panics on
//! hostile input (deep nesting, garbage).

use krait_compiler::{compile, CompileError, CompileOptions, ErrorKind, Mode};

fn err(src: &str) -> CompileError {
    compile(src, "<test>", Mode::Exec, &CompileOptions::default()).expect_err("should not compile")
}

#[test]
fn return_outside_function() {
    let e = err("x = 1\nreturn x\n");
    assert_eq!(e.kind, ErrorKind::SyntaxError);
    assert_eq!(e.msg, "'return' outside function");
    assert_eq!((e.lineno, e.offset), (2, 1));
    assert_eq!(e.text.as_deref(), Some("return x\n"));
}

#[test]
fn break_and_continue_outside_loop() {
    assert_eq!(err("break\n").msg, "'break' outside loop");
    assert_eq!(err("continue\n").msg, "'continue' not properly in loop");
}

#[test]
fn nonlocal_errors() {
    assert_eq!(
        err("def f():\n    nonlocal x\n").msg,
        "no binding for nonlocal 'x' found"
    );
    assert_eq!(
        err("def f():\n    x = 1\n    global x\n").msg,
        "name 'x' is assigned to before global declaration"
    );
    assert_eq!(
        err("def f(a, a): pass\n").msg,
        "duplicate argument 'a' in function definition"
    );
}

#[test]
fn yield_outside_function() {
    assert_eq!(err("yield 1\n").msg, "'yield' outside function");
}

#[test]
fn debug_assignment() {
    assert_eq!(err("__debug__ = 1\n").msg, "cannot assign to __debug__");
}

#[test]
fn future_errors() {
    assert_eq!(err("from __future__ import braces\n").msg, "not a chance");
    assert_eq!(
        err("x = 1\nfrom __future__ import annotations\n").msg,
        "from __future__ imports must occur at the beginning of the file"
    );
}

#[test]
fn parse_errors_do_not_panic() {
    for src in [
        "(",
        "def f(:\n",
        "x = = 1",
        "\tif x:\n  pass\n",
        "f(**)",
        "class\n",
        "\"abc",
    ] {
        let e = err(src);
        assert!(e.lineno >= 1, "{src:?}: {e:?}");
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    for depth in [100, 1000, 10000] {
        let src = format!("x = {}1{}\n", "(".repeat(depth), ")".repeat(depth));
        let _ = compile(&src, "<test>", Mode::Exec, &CompileOptions::default());
        let src = format!("x = {}1\n", "-".repeat(depth));
        let _ = compile(&src, "<test>", Mode::Exec, &CompileOptions::default());
        let mut src = String::new();
        for i in 0..depth.min(500) {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        src.push_str(&" ".repeat(depth.min(500)));
        src.push_str("pass\n");
        let _ = compile(&src, "<test>", Mode::Exec, &CompileOptions::default());
    }
}

#[test]
fn eval_and_single_modes() {
    let co = compile("1 + x", "<test>", Mode::Eval, &CompileOptions::default()).expect("eval");
    assert_eq!(&*co.name, "<module>");
    compile(
        "x = 1\n",
        "<test>",
        Mode::Single,
        &CompileOptions::default(),
    )
    .expect("single");
}
