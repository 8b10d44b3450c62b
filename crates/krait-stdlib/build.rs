//! Compiles the parts of builtin modules written in Python (`posix.py` ...) into
//! marshal data that `frozen_module` runs, so start-up parses none of them.

use std::path::PathBuf;

/// Each Python part: its module's name and its file under `src/`.
const PARTS: &[(&str, &str)] = &[
    ("posix", "posix/posix.py"),
    ("_multibytecodec", "_multibytecodec/multibytecodec.py"),
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let options = krait_compiler::CompileOptions::default();
    for &(name, file) in PARTS {
        let path = PathBuf::from("src").join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let filename = format!("<frozen {name}>");
        let code =
            krait_compiler::compile(&source, &filename, krait_compiler::Mode::Exec, &options)
                .unwrap_or_else(|e| panic!("cannot compile {}: {}", path.display(), e.msg));
        let data = krait_bytecode::marshal::dumps_code(&code);
        std::fs::write(out.join(format!("{name}.marshal")), data).expect("write to OUT_DIR");
    }
}
