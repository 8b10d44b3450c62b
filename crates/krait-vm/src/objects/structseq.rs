//! Struct sequences (CPython's `Objects/structseq.c`): tuples whose items also
//! have names, as `sys.version_info` and `sys.float_info`.

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_method, this};
use crate::value::Value;
use crate::{PyResult, Vm};

/// Makes a struct-sequence type `module.name` with the given field names.
pub fn new_type(vm: &mut Vm, module: &str, name: &str, fields: &[&str]) -> ObjRef {
    let ns = vm.new_dict();
    let slots: Vec<Value> = fields.iter().map(|f| vm.new_str(*f)).collect();
    let slots = vm.new_tuple(slots);
    crate::objects::dict::dict_set_str(vm, &ns, "__slots__", slots.clone());
    let module_name = vm.new_str(module.to_owned());
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module_name);
    crate::objects::dict::dict_set_str(vm, &ns, "n_fields", Value::Int(fields.len() as i64));
    crate::objects::dict::dict_set_str(
        vm,
        &ns,
        "n_sequence_fields",
        Value::Int(fields.len() as i64),
    );
    crate::objects::dict::dict_set_str(vm, &ns, "_fields", slots);
    let tuple = vm.types.tuple.clone();
    let metatype = vm.types.type_.clone();
    let ty = typeobject::new_heap_type(vm, &metatype, name, vec![tuple], &ns)
        .expect("a struct sequence type is a plain tuple subclass");
    add_method(vm, &ty, "__repr__", struct_repr);
    ty
}

/// An instance of a struct-sequence type.
pub fn new(vm: &mut Vm, ty: &ObjRef, values: Vec<Value>) -> Value {
    let obj = typeobject::new_instance(vm, ty, Payload::Tuple(values.clone().into_boxed_slice()));
    let fields = field_names(ty);
    if let Some(d) = obj.dict() {
        for (name, v) in fields.iter().zip(values) {
            crate::objects::dict::dict_set_str(vm, &d, name, v);
        }
    }
    Value::Obj(obj)
}

fn field_names(ty: &ObjRef) -> Vec<String> {
    match crate::objects::dict::dict_get_str(&type_data(ty).dict, "_fields") {
        Some(t) => abstract_::tuple_items(&t)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| abstract_::value_as_str(v).map(str::to_owned))
            .collect(),
        None => Vec::new(),
    }
}

fn struct_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = this(&args);
    let ty = vm.type_of(&me);
    let module = typeobject::type_module(vm, &ty).unwrap_or_default();
    let items = abstract_::tuple_items(&me).unwrap_or_default();
    let mut parts = Vec::new();
    for (name, v) in field_names(&ty).iter().zip(items) {
        parts.push(format!("{name}={}", abstract_::repr_string(vm, &v)?));
    }
    let name = type_data(&ty).name();
    Ok(vm.new_str(format!("{module}.{name}({})", parts.join(", "))))
}
