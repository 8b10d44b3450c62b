//! Recursion through Rust with the recursion limit raised past what the stack
//! holds: `__repr__` calling `repr`, a chain of `yield from`, `__eq__` comparing
//! again, a property reading itself. python3.11 crashes with a segmentation fault
//! on these; Krait raises RecursionError, which the program catches and goes on
//! from. (No differential record is possible, so this test states what must print.)

use std::process::Command;

const SCRIPT: &str = r#"
import sys
sys.setrecursionlimit(10**6)

class Repr:
    def __repr__(self):
        return repr(self)

class Eq:
    def __eq__(self, other):
        return self == other

class Prop:
    @property
    def value(self):
        return self.value

def chain():
    yield from chain()

for label, run in [
    ("repr", lambda: repr(Repr())),
    ("eq", lambda: Eq() == 1),
    ("property", lambda: Prop().value),
    ("yield from", lambda: next(chain())),
    ("sorted key", lambda: sorted([1, 2], key=lambda x: sorted([x], key=None) and run_again())),
]:
    def run_again(run=run):
        return run()
    try:
        run()
        print(label, "returned")
    except RecursionError:
        print(label, "RecursionError")
print("still running:", sum(range(10)))
"#;

#[test]
fn deep_native_recursion_raises_recursion_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_krait"))
        .arg("-c")
        .arg(SCRIPT)
        .output()
        .expect("krait runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "repr RecursionError\neq RecursionError\nproperty RecursionError\n\
         yield from RecursionError\nsorted key RecursionError\nstill running: 45\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}
