//! Compiles the frozen modules (see `src/lib.rs`) from the standard library found on
//! this machine, CPython 3.11's, into marshal data that `src/lib.rs` embeds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Each frozen module: its name, the module whose source it is, and whether that
/// source is a package's `__init__.py`. Python/frozen.c of CPython 3.11 has the same
/// list (less its test modules).
const MODULES: &[(&str, &str, bool)] = &[
    ("_frozen_importlib", "importlib._bootstrap", false),
    (
        "_frozen_importlib_external",
        "importlib._bootstrap_external",
        false,
    ),
    ("zipimport", "zipimport", false),
    ("abc", "abc", false),
    ("codecs", "codecs", false),
    ("io", "io", false),
    ("_collections_abc", "_collections_abc", false),
    ("_sitebuiltins", "_sitebuiltins", false),
    ("genericpath", "genericpath", false),
    ("ntpath", "ntpath", false),
    ("posixpath", "posixpath", false),
    ("os.path", "posixpath", false),
    ("os", "os", false),
    ("site", "site", false),
    ("stat", "stat", false),
    ("importlib.util", "importlib.util", false),
    ("importlib.machinery", "importlib.machinery", false),
    ("runpy", "runpy", false),
];

fn stdlib_dir() -> PathBuf {
    println!("cargo:rerun-if-env-changed=KRAIT_STDLIB_DIR");
    let dir = std::env::var_os("KRAIT_STDLIB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/lib/python3.11"));
    if !dir.join("importlib").join("_bootstrap.py").is_file() {
        panic!(
            "CPython 3.11's standard library is not at {} (set KRAIT_STDLIB_DIR)",
            dir.display()
        );
    }
    dir
}

fn source_path(stdlib: &Path, origname: &str, is_package: bool) -> PathBuf {
    let mut path = stdlib.to_path_buf();
    path.extend(origname.split('.'));
    if is_package {
        path.join("__init__.py")
    } else {
        path.with_extension("py")
    }
}

fn main() {
    let stdlib = stdlib_dir();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut table = String::from("&[\n");
    let options = krait_compiler::CompileOptions::default();
    for &(name, origname, is_package) in MODULES {
        let path = source_path(&stdlib, origname, is_package);
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        // CPython names frozen code after the module it came from.
        let filename = format!("<frozen {origname}>");
        let code =
            krait_compiler::compile(&source, &filename, krait_compiler::Mode::Exec, &options)
                .unwrap_or_else(|e| panic!("cannot compile {}: {}", path.display(), e.msg));
        let data = krait_bytecode::marshal::dumps_code(&code);
        let file = out.join(format!("{name}.marshal"));
        std::fs::write(&file, data).expect("write to OUT_DIR");
        writeln!(
            table,
            "    FrozenModule {{ name: {name:?}, origname: {origname:?}, is_package: {is_package}, \
             code: include_bytes!({file:?}) }},",
        )
        .expect("write to a String");
    }
    table.push(']');
    std::fs::write(out.join("frozen_table.rs"), table).expect("write to OUT_DIR");
}
