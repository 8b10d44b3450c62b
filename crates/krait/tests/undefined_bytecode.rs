//! Bytecode on which CPython's behaviour is undefined (it reads past the value
//! stack, or returns into its caller from the middle of a frame): Krait refuses
//! it with ValueError when the code object is made, and the program goes on.
//! (No differential record is possible, so this test states what must print.)

use std::process::Command;

const SCRIPT: &str = r#"
def f(a, b):
    try:
        return a / b
    except ZeroDivisionError:
        return 'o'

code = f.__code__
for label, co_code in [
    ("COPY 0", b"\x97\x00d\x00x\x00S\x00"),
    ("SWAP 0", b"\x97\x00d\x00d\x00c\x00S\x00"),
    ("yield outside a generator", b"\x97\x00d\x00V\x00d\x00S\x00"),
]:
    try:
        code.replace(co_code=co_code, co_exceptiontable=b"")
        print(label, "accepted")
    except ValueError as error:
        print(label, "refused:", error)
print("still running:", f(1, 0))
"#;

#[test]
fn undefined_bytecode_is_refused_when_made() {
    let out = Command::new(env!("CARGO_BIN_EXE_krait"))
        .arg("-c")
        .arg(SCRIPT)
        .output()
        .expect("krait runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "COPY 0 refused: code: stack underflow at code unit 2\n\
         SWAP 0 refused: code: stack underflow at code unit 3\n\
         yield outside a generator refused: code: YIELD_VALUE outside a generator\n\
         still running: o\n",
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}
