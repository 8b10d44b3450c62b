//! `time`: a time of day with an optional tzinfo.

use krait_vm::native::NativeTypeSpec;
use krait_vm::{ObjRef, PyResult, Vm};

pub(crate) static TIME_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object\n\nAll arguments are optional. tzinfo may be None, or an instance of\na tzinfo subclass. The remaining arguments may be ints.\n"),
    subclassable: true,
    ..NativeTypeSpec::new("time", "datetime")
};

pub(crate) fn add_class_attributes(_vm: &mut Vm, _class: &ObjRef) -> PyResult<()> {
    Ok(())
}
