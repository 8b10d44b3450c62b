//! Links the krait command as a position-dependent executable, with the functions
//! of `link-order.txt` placed first, in its order.
//!
//! A position-independent executable is relocated by the dynamic loader at every
//! start: about 25,000 pointers in the binary's tables (vtables, static strs, the
//! native types' method tables) are rewritten, which copies some 170 pages of the
//! binary into private memory and costs a fifth of an empty program's time.
//! Linked at a fixed address, those pointers are final in the file and the pages
//! stay shared. Debian links its python3.11 the same way.
//!
//! The kernel maps a binary's code 64 KiB at a time around each page a run
//! touches. With the code that start-up and typical programs run spread over the
//! whole text, every run mapped nearly all of it (5.4 MB of 6.3). The functions
//! `scripts/link-order` found in profiles, listed in the order runs first need
//! them, go to an output section of their own ahead of `.text` (a linker script
//! `INSERT`ed into the default one); names the build no longer has are skipped.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rustc-link-arg-bins=-no-pie");
    let order = Path::new(env!("CARGO_MANIFEST_DIR")).join("link-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    let Ok(names) = std::fs::read_to_string(&order) else {
        return;
    };
    let script = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("link-order.ld");
    std::fs::write(&script, linker_script(&names)).expect("OUT_DIR is writable");
    println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
}

/// An output section holding the functions named in `names` (one per line), in
/// that order, inserted before `.text`. Each function is in its own input section
/// `.text.NAME`, or `.text.NAME.llvm.N` when it is shared between code-generation
/// units (the suffix changes with the unit's code).
fn linker_script(names: &str) -> String {
    let mut script = String::from("SECTIONS\n{\n  .text.krait_ordered :\n  {\n");
    for name in names.lines().map(str::trim) {
        // A glob's special characters would widen the pattern (mangled names
        // have none).
        if name.is_empty() || name.contains(['*', '?', '[', ']', ' ', '(', ')']) {
            continue;
        }
        let _ = writeln!(script, "    *(.text.{name} .text.{name}.llvm.*)");
    }
    script.push_str("  }\n}\nINSERT BEFORE .text;\n");
    script
}
