//! Krait compiler.
