//! Links the krait command as a position-dependent executable.
//!
//! A position-independent executable is relocated by the dynamic loader at every
//! start: about 25,000 pointers in the binary's tables (vtables, static strs, the
//! native types' method tables) are rewritten, which copies some 170 pages of the
//! binary into private memory and costs a fifth of an empty program's time.
//! Linked at a fixed address, those pointers are final in the file and the pages
//! stay shared. Debian links its python3.11 the same way.

fn main() {
    println!("cargo:rustc-link-arg-bins=-no-pie");
}
