//! Unit tests for the compiler's small algorithms: number formatting and
//! parsing, constant folding arithmetic, and the location-table encoder.

mod folding;
mod reprs;
