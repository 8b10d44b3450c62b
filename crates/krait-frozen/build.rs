//! Compiles the frozen modules (see `src/lib.rs`) from the standard library found on
//! this machine, CPython 3.11's, into marshal data that `src/lib.rs` embeds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One frozen module as built.
struct Entry {
    /// The name it is imported by.
    name: &'static str,
    /// Where its code comes from.
    source: Source,
    /// Whether it imports as a package.
    is_package: bool,
    /// What `_imp.find_frozen` reports as its original name: its own name, the
    /// module an alias stands for, `<PACKAGE` for a package's `__init__` imported
    /// as a module of its own, or none.
    origname: Option<&'static str>,
}

enum Source {
    /// A standard-library module, and whether it is a package's `__init__.py`.
    Module(&'static str, bool),
    /// A module that exists only frozen: its name (for its file name) and source.
    Text(&'static str, &'static str),
}

/// A module frozen under its own name, from its own source.
const fn module(name: &'static str) -> Entry {
    aliased(name, name, false)
}

/// A module frozen under `name` from the source of `source`, an alias of it.
const fn aliased(name: &'static str, source: &'static str, is_package: bool) -> Entry {
    Entry {
        name,
        source: Source::Module(source, false),
        is_package,
        origname: Some(source),
    }
}

/// A module frozen from the `__init__.py` of `package`: the package itself, or,
/// when `origname` is `<PACKAGE`, that file imported as a module of its own.
const fn package_init(name: &'static str, package: &'static str, origname: &'static str) -> Entry {
    Entry {
        name,
        source: Source::Module(package, true),
        is_package: origname.as_bytes()[0] != b'<',
        origname: Some(origname),
    }
}

/// Every frozen module, as in CPython 3.11's `Python/frozen.c`: the import
/// machinery, the modules start-up imports, `runpy` and its imports, and the
/// modules CPython freezes for its tests of frozen imports.
const MODULES: &[Entry] = &[
    aliased("_frozen_importlib", "importlib._bootstrap", false),
    aliased(
        "_frozen_importlib_external",
        "importlib._bootstrap_external",
        false,
    ),
    module("zipimport"),
    module("abc"),
    module("codecs"),
    module("io"),
    module("_collections_abc"),
    module("_sitebuiltins"),
    module("genericpath"),
    module("ntpath"),
    module("posixpath"),
    aliased("os.path", "posixpath", false),
    module("os"),
    module("site"),
    module("stat"),
    module("importlib.util"),
    module("importlib.machinery"),
    module("runpy"),
    module("__hello__"),
    aliased("__hello_alias__", "__hello__", false),
    aliased("__phello_alias__", "__hello__", true),
    aliased("__phello_alias__.spam", "__hello__", false),
    package_init("__phello__", "__phello__", "__phello__"),
    package_init("__phello__.__init__", "__phello__", "<__phello__"),
    package_init("__phello__.ham", "__phello__.ham", "__phello__.ham"),
    package_init(
        "__phello__.ham.__init__",
        "__phello__.ham",
        "<__phello__.ham",
    ),
    module("__phello__.ham.eggs"),
    module("__phello__.spam"),
    Entry {
        name: "__hello_only__",
        source: Source::Text(
            "frozen_only",
            "initialized = True\nprint(\"Hello world!\")\n",
        ),
        is_package: false,
        origname: None,
    },
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

/// The source of `module` at `path`. The test package `__phello__.ham` holds only
/// empty files, which some distributions leave out: a missing one of those reads
/// as empty.
fn read_source(path: &Path, module: &str) -> String {
    match std::fs::read_to_string(path) {
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound && module.starts_with("__phello__.ham") =>
        {
            String::new()
        }
        other => other.unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
    }
}

fn main() {
    let stdlib = stdlib_dir();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut table = String::from("&[\n");
    let options = krait_compiler::CompileOptions::default();
    for entry in MODULES {
        let (source, filename) = match entry.source {
            Source::Module(module, is_init) => {
                let path = source_path(&stdlib, module, is_init);
                println!("cargo:rerun-if-changed={}", path.display());
                (read_source(&path, module), module)
            }
            Source::Text(id, text) => (text.to_owned(), id),
        };
        // CPython names frozen code after the module it came from.
        let filename = format!("<frozen {filename}>");
        let code =
            krait_compiler::compile(&source, &filename, krait_compiler::Mode::Exec, &options)
                .unwrap_or_else(|e| panic!("cannot compile {filename}: {}", e.msg));
        let data = krait_bytecode::marshal::dumps_code(&code);
        let name = entry.name;
        let file = out.join(format!("{name}.marshal"));
        std::fs::write(&file, data).expect("write to OUT_DIR");
        writeln!(
            table,
            "    FrozenModule {{ name: {name:?}, origname: {:?}, is_package: {}, \
             code: include_bytes!({file:?}) }},",
            entry.origname, entry.is_package,
        )
        .expect("write to a String");
    }
    table.push(']');
    std::fs::write(out.join("frozen_table.rs"), table).expect("write to OUT_DIR");
}
