//! Krait's builtin modules written in Rust (CPython's `Modules/`), one file each.

pub mod math;
pub mod time;

use krait_vm::Vm;

/// Makes the builtin modules importable in `vm`.
pub fn register(vm: &mut Vm) {
    vm.register_native_module("math", math::init);
    vm.register_native_module("time", time::init);
}
