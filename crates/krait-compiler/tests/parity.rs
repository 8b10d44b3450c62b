//! Compiles each snippet in `tests/snippets/` (and, in `eval` and `single`
//! modes, `tests/snippets_eval/` and `tests/snippets_single/`) with Krait and
//! checks that every code object equals python3.11's (compared by
//! `compare_code.py`, run with /usr/bin/python3.11), at optimisation levels 0,
//! 1 and 2.

use std::path::{Path, PathBuf};
use std::process::Command;

use krait_compiler::{compile, CompileOptions, Mode};

const PYTHON: &str = "/usr/bin/python3.11";

fn snippets(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("snippets directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

fn check(optimize: u8) {
    check_dir("snippets", Mode::Exec, "exec", optimize, 0);
}

fn check_dir(dir: &str, mode: Mode, mode_name: &str, optimize: u8, flags: u32) {
    if !Path::new(PYTHON).exists() {
        eprintln!("skipping: {PYTHON} not found");
        return;
    }
    let tmp = std::env::temp_dir().join(format!(
        "krait-parity-{}-{dir}-{optimize}",
        std::process::id()
    ));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compare_code.py");
    let mut failures = Vec::new();
    for path in snippets(dir) {
        let src = std::fs::read_to_string(&path).expect("snippet source");
        let name = path.to_str().expect("utf-8 path");
        let opts = CompileOptions { optimize, flags };
        let co = match compile(&src, name, mode, &opts) {
            Ok(co) => co,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let out = tmp.join(format!(
            "{}.marshal",
            path.file_stem().unwrap().to_string_lossy()
        ));
        std::fs::write(&out, krait_bytecode::marshal::dumps_code(&co)).expect("write marshal");
        let res = Command::new(PYTHON)
            .arg(&script)
            .arg(&path)
            .arg(&out)
            .arg(optimize.to_string())
            .arg(mode_name)
            .arg(flags.to_string())
            .output()
            .expect("run python3.11");
        if !res.status.success() {
            failures.push(String::from_utf8_lossy(&res.stdout).into_owned());
            failures.push(String::from_utf8_lossy(&res.stderr).into_owned());
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(
        failures.is_empty(),
        "code objects differ from python3.11's:\n{}",
        failures.join("\n")
    );
}

#[test]
fn snippets_match_python311() {
    check(0);
}

#[test]
fn snippets_match_python311_optimize_1() {
    check(1);
}

#[test]
fn snippets_match_python311_optimize_2() {
    check(2);
}

#[test]
fn eval_and_single_snippets_match_python311() {
    check_dir("snippets_eval", Mode::Eval, "eval", 0, 0);
    check_dir("snippets_single", Mode::Single, "single", 0, 0);
}

#[test]
fn top_level_await_matches_python311() {
    check_dir(
        "snippets_toplevel_await",
        Mode::Exec,
        "exec",
        0,
        krait_compiler::PYCF_ALLOW_TOP_LEVEL_AWAIT,
    );
}
