//! `None`, `NotImplemented` and `Ellipsis` (CPython's `Objects/object.c`,
//! `Objects/sliceobject.c`).

use crate::native::add_slot;
use crate::objects::{add_method, add_new};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Vm;

pub fn init(vm: &mut Vm) {
    let none = vm.types.none_type.clone();
    add_new(vm, &none, |vm, args| {
        takes_no_arguments(vm, &args, "NoneType")?;
        Ok(Value::None)
    });
    for slot in [
        NativeSlot::Repr(|vm, _| Ok(vm.new_str("None"))),
        NativeSlot::Bool(|_, _| Ok(false)),
        NativeSlot::Hash(|_, _| Ok(crate::abstract_::NONE_HASH)),
    ] {
        add_slot(vm, &none, slot);
    }
    let ni = vm.types.not_implemented_type.clone();
    add_new(vm, &ni, |vm, args| {
        takes_no_arguments(vm, &args, "NotImplementedType")?;
        Ok(vm.not_implemented())
    });
    add_slot(
        vm,
        &ni,
        NativeSlot::Repr(|vm, _| Ok(vm.new_str("NotImplemented"))),
    );
    // True, with a warning: it is not meant to be tested (3.9 on).
    add_slot(
        vm,
        &ni,
        NativeSlot::Bool(|vm, _| {
            let message = "NotImplemented should not be used in a boolean context";
            crate::warnings::warn_ex(vm, crate::Exc::DeprecationWarning, message, 1)?;
            Ok(true)
        }),
    );
    // Both singletons pickle by name, as globals of `builtins`.
    add_method(vm, &ni, "__reduce__", |vm, _| {
        Ok(vm.new_str("NotImplemented"))
    });
    let el = vm.types.ellipsis_type.clone();
    add_new(vm, &el, |vm, args| {
        takes_no_arguments(vm, &args, "EllipsisType")?;
        Ok(vm.ellipsis())
    });
    add_slot(
        vm,
        &el,
        NativeSlot::Repr(|vm, _| Ok(vm.new_str("Ellipsis"))),
    );
    add_method(vm, &el, "__reduce__", |vm, _| Ok(vm.new_str("Ellipsis")));
}

/// The singletons' types are called with the class alone (`type(None)()`).
fn takes_no_arguments(
    vm: &mut Vm,
    args: &crate::objects::function::Args,
    name: &str,
) -> crate::PyResult<()> {
    if args.pos.len() > 1 || !args.kw.is_empty() {
        return Err(vm.new_type_error(format!("{name} takes no arguments")));
    }
    Ok(())
}
