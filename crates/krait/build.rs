//! Links the krait command as a position-dependent executable, its `.text`
//! beginning with the functions of `link-order.txt`, in that order.
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
//! them, are placed first by a linker script that describes `.text` (inserted
//! into rust-lld's default layout, the default linker of this target): each
//! function is an input section `.text.NAME` (`.text.unlikely.NAME` when marked
//! cold), with a suffix `.llvm.N` when it is shared between code-generation units,
//! which changes with the unit's code and which the script's patterns leave open.
//! Names the build no longer has match nothing.

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rustc-link-arg-bins=-no-pie");
    let order = Path::new(env!("CARGO_MANIFEST_DIR")).join("link-order.txt");
    println!("cargo:rerun-if-changed={}", order.display());
    let rust_lld_target = std::env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    let Ok(names) = std::fs::read_to_string(&order) else {
        return;
    };
    if !rust_lld_target {
        return;
    }
    let script = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("link-order.ld");
    std::fs::write(&script, text_section(&names)).expect("OUT_DIR is writable");
    println!("cargo:rustc-link-arg-bins=-Wl,-T,{}", script.display());
}

/// A linker script laying out `.text`: the functions named in `names` (one per
/// line) first, in that order, then every other code section.
fn text_section(names: &str) -> String {
    let mut script = String::from("SECTIONS\n{\n  .text :\n  {\n");
    for name in names.lines().map(str::trim) {
        // Only symbol names: a glob's special characters would widen a pattern.
        if name.is_empty() || name.contains(['*', '?', '[', ']', ' ', '(', ')', '"']) {
            continue;
        }
        let _ = writeln!(
            script,
            "    *(.text.{name} .text.{name}.llvm.* .text.unlikely.{name} .text.unlikely.{name}.llvm.*)"
        );
    }
    // Then code marked cold (kept apart from the rest, as linkers do by default).
    script.push_str("    *(.text.unlikely .text.unlikely.*)\n    *(.text .text.*)\n  }\n}\n");
    script.push_str("INSERT BEFORE .init;\n");
    script
}
