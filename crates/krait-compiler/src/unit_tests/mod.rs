//! Unit tests for the compiler's small algorithms: number formatting and
//! parsing, constant folding arithmetic, the location-table encoder, and the
//! stack effects against python3.11's.

mod folding;
mod reprs;
mod stack_effects;
