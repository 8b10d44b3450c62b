//! Running out of memory: under an address-space limit (`ulimit -v`), a list grown
//! without end (by `append` or `extend`), or made from an iterable too long to hold
//! (`list(range(10**9))`, `tuple(...)`, `dict.fromkeys(...)`), a format width or a
//! `to_bytes` length beyond the memory there is, a formatted field too wide to copy
//! into its template, marshal data claiming a list or tuple too long to hold, or a set or dict that cannot grow,
//! raises MemoryError,
//! which the program catches and goes on from, as under python3.11, instead of the
//! process aborting. Both interpreters run the same
//! script under the same limit and must print the same and exit alike.

use std::process::{Command, Output};

const SCRIPT: &str = r#"
items = []
try:
    while True:
        items.append(None)
except MemoryError:
    grown = len(items) > 1000
    items = None
    print("MemoryError raised; the list had grown:", grown)
chunk = [None] * 10000
items = []
try:
    while True:
        items.extend(chunk)
except MemoryError:
    items = None
    print("MemoryError raised by extend")
for make in (list, tuple, lambda r: dict.fromkeys(r), lambda r: [*r]):
    try:
        make(range(10**9))
    except MemoryError:
        print("MemoryError raised by", getattr(make, "__name__", "?"))
try:
    list(range(10**20))
except OverflowError as e:
    print("OverflowError:", e)
for label, make in [("width", lambda: f"{1:>{10**10}}"), ("to_bytes", lambda: (1).to_bytes(10**12, "big")),
                    ("a wide field", lambda: "x{}".format(format(1, "1200000000"))),
                    ("a wide %s", lambda: "x%s" % format(1, "1200000000"))]:
    try:
        make()
    except MemoryError:
        print("MemoryError raised by", label)
s = set()
try:
    for i in range(10**9):
        s.add(i)
except MemoryError:
    print("MemoryError raised by set.add; still usable:", 5 in s, -1 in s)
s = None
d = {}
try:
    for i in range(10**9):
        d[i] = None
except MemoryError:
    print("MemoryError raised by a dict store; still usable:", 5 in d, -1 in d)
d = None
import marshal
for kind in ("[", "("):
    try:
        marshal.loads(kind.encode() + (2**31 - 1).to_bytes(4, "little") + b"N")
    except MemoryError:
        print("MemoryError raised by marshal", kind)
print([i * 2 for i in range(5)])
"#;

/// 2 GiB of address space, in the KiB `ulimit -v` counts.
const LIMIT_KIB: u64 = 2 * 1024 * 1024;

fn run_limited(interpreter: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {LIMIT_KIB} && exec \"$0\" -c \"$1\""))
        .arg(interpreter)
        .arg(SCRIPT)
        .env("PYTHONHASHSEED", "0")
        .output()
        .expect("sh runs")
}

#[test]
fn list_growth_raises_memory_error() {
    let krait = run_limited(env!("CARGO_BIN_EXE_krait"));
    let cpython = run_limited("/usr/bin/python3.11");
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(
        text(&cpython),
        "MemoryError raised; the list had grown: True\nMemoryError raised by extend\n\
         MemoryError raised by list\nMemoryError raised by tuple\n\
         MemoryError raised by <lambda>\nMemoryError raised by <lambda>\n\
         OverflowError: Python int too large to convert to C ssize_t\n\
         MemoryError raised by width\nMemoryError raised by to_bytes\n\
         MemoryError raised by a wide field\nMemoryError raised by a wide %s\n\
         MemoryError raised by set.add; still usable: True False\n\
         MemoryError raised by a dict store; still usable: True False\n\
         MemoryError raised by marshal [\nMemoryError raised by marshal (\n[0, 2, 4, 6, 8]\n",
        "python3.11 under the limit"
    );
    assert_eq!(
        text(&krait),
        text(&cpython),
        "krait stderr: {}",
        String::from_utf8_lossy(&krait.stderr)
    );
    assert_eq!(krait.status.code(), cpython.status.code());
}
