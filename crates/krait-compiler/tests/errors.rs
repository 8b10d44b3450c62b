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

/// Each case in `syntax_errors.txt` gives the same exception class, message,
/// line and column as python3.11.
#[test]
fn syntax_errors_match_python311() {
    let python = "/usr/bin/python3.11";
    if !std::path::Path::new(python).exists() {
        eprintln!("skipping: {python} not found");
        return;
    }
    let data = include_str!("syntax_errors.txt");
    let cases: Vec<String> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            l.replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\\", "\\")
        })
        .collect();
    let script = r#"
import sys, json
for src in json.load(sys.stdin):
    try:
        compile(src, "<test>", "exec")
        print("OK")
    except SyntaxError as e:
        print(f"{type(e).__name__}|{e.msg}|{e.lineno}|{e.offset}")
"#;
    let json = format!(
        "[{}]",
        cases
            .iter()
            .map(|c| format!("{:?}", c).replace("\\'", "'"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run python3.11");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(json.as_bytes())
        .expect("write cases");
    let out = child.wait_with_output().expect("python3.11 output");
    let expected: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(
        expected.len(),
        cases.len(),
        "python3.11 answered every case"
    );
    let mut failures = Vec::new();
    for (src, want) in cases.iter().zip(&expected) {
        let got = match compile(src, "<test>", Mode::Exec, &CompileOptions::default()) {
            Ok(_) => "OK".to_string(),
            Err(e) => format!("{:?}|{}|{}|{}", e.kind, e.msg, e.lineno, e.offset),
        };
        let want_no_col = want.as_str();
        let got_no_col = got.as_str();
        if want_no_col != got_no_col {
            failures.push(format!(
                "{src:?}\n  python3.11: {want}\n  krait:      {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mode_errors_match_python311() {
    let cases: [(&str, Mode, Option<&str>); 8] = [
        (
            "x=1\ny=2",
            Mode::Single,
            Some("multiple statements found while compiling a single statement"),
        ),
        ("x=1; y=2", Mode::Single, None),
        ("", Mode::Single, Some("invalid syntax")),
        ("", Mode::Eval, Some("invalid syntax")),
        ("x = 1", Mode::Eval, Some("invalid syntax")),
        ("\n\n", Mode::Single, Some("invalid syntax")),
        ("if x:\n  y\n", Mode::Single, None),
        ("1\n2", Mode::Eval, Some("invalid syntax")),
    ];
    for (src, mode, want) in cases {
        let got = compile(src, "<s>", mode, &CompileOptions::default())
            .err()
            .map(|e| e.msg);
        assert_eq!(got.as_deref(), want, "{src:?} in {mode:?}");
    }
}

#[test]
fn null_bytes_are_rejected() {
    assert_eq!(
        err("x = 1\0\n").msg,
        "source code string cannot contain null bytes"
    );
}

/// Every prefix of every parity snippet, and each with a stray token spliced
/// in, compiles or fails with a SyntaxError; nothing panics.
#[test]
fn truncated_and_spliced_sources_never_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snippets");
    let tokens = [
        "(", ")", ":", "\n    ", "lambda", "*", "'", "\"\"\"", "yield", "await", "=", "\\", "é",
        "{", "}", "\t", "match ", "case _:", "async ", "@",
    ];
    for entry in std::fs::read_dir(dir).expect("snippets") {
        let src = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        let cuts: Vec<usize> = (0..src.len())
            .step_by(7)
            .filter(|&i| src.is_char_boundary(i))
            .collect();
        for (n, &cut) in cuts.iter().enumerate() {
            let _ = compile(
                &src[..cut],
                "<fuzz>",
                Mode::Exec,
                &CompileOptions::default(),
            );
            let spliced = format!("{}{}{}", &src[..cut], tokens[n % tokens.len()], &src[cut..]);
            let _ = compile(&spliced, "<fuzz>", Mode::Exec, &CompileOptions::default());
        }
    }
}

#[test]
fn huge_decimal_literals_are_refused() {
    let e = err(&format!("x = {}\n", "1".repeat(5000)));
    assert!(
        e.msg.starts_with(
            "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"
        ),
        "{}",
        e.msg
    );
    compile(
        &format!("x = 0x{}\n", "f".repeat(5000)),
        "<t>",
        Mode::Exec,
        &CompileOptions::default(),
    )
    .expect("hex literals have no limit");
}
