//! Struct sequences (CPython's `Objects/structseq.c`): tuples whose items also
//! have names, as `sys.version_info`, `os.stat_result` and `time.struct_time`.
//!
//! A struct-sequence type has `n_fields` fields, of which the first
//! `n_sequence_fields` are the tuple's items; the rest are attributes only
//! (`stat_result.st_atime_ns`). Every field is one of the instance's member values,
//! read through a member descriptor as `__slots__` values are; an unnamed field
//! (`UNNAMED`, `stat_result`'s whole-second times) is an item with no attribute.
//! Fields are read-only.

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};

/// The name that marks a field as unnamed: an item with no attribute.
pub const UNNAMED: &str = "unnamed field";

/// Makes a struct-sequence type `module.name` whose fields are all items.
pub fn new_type(vm: &mut Vm, module: &str, name: &str, fields: &[&str]) -> ObjRef {
    new_type_with_hidden(vm, module, name, fields, fields.len())
}

/// Makes a struct-sequence type whose instances only Rust code makes
/// (`sys.version_info`: calling the class is a TypeError).
pub fn new_private_type(vm: &mut Vm, module: &str, name: &str, fields: &[&str]) -> ObjRef {
    let ty = new_type(vm, module, name, fields);
    add_new(vm, &ty, crate::native::cannot_create);
    ty
}

/// Makes a struct-sequence type `module.name` whose first `n_sequence` fields are
/// its items and whose other fields are attributes only.
pub fn new_type_with_hidden(
    vm: &mut Vm,
    module: &str,
    name: &str,
    fields: &[&str],
    n_sequence: usize,
) -> ObjRef {
    let n_sequence = n_sequence.min(fields.len());
    let ns = vm.new_dict();
    let names: Vec<Value> = fields[..n_sequence]
        .iter()
        .filter(|f| **f != UNNAMED)
        .map(|f| vm.new_str(*f))
        .collect();
    let match_args = vm.new_tuple(names);
    let module_name = vm.new_str(module.to_owned());
    let unnamed = fields.iter().filter(|f| **f == UNNAMED).count();
    let counts = [
        ("n_sequence_fields", n_sequence),
        ("n_fields", fields.len()),
        ("n_unnamed_fields", unnamed),
    ];
    for (key, n) in counts {
        dict::dict_set_str(vm, &ns, key, Value::Int(n as i64));
    }
    dict::dict_set_str(vm, &ns, "__match_args__", match_args);
    dict::dict_set_str(vm, &ns, "__module__", module_name);
    let tuple = vm.types.tuple.clone();
    let metatype = vm.types.type_.clone();
    let ty = typeobject::new_heap_type(vm, &metatype, name, vec![tuple], &ns)
        .expect("a struct sequence type is a plain tuple subclass");
    // Messages name it as CPython's static types are named: `os.stat_result`.
    let data = type_data(&ty);
    *data.module.borrow_mut() = Some(module.to_owned());
    // The fields are members, as `__slots__` values are; there is no `__dict__` (a
    // class statement could not give a tuple subclass these).
    data.instance_dict.set(false);
    // CPython's struct sequences cannot be derived from (no `Py_TPFLAGS_BASETYPE`).
    data.base_type.set(false);
    for name in fields {
        if *name == UNNAMED {
            data.member_count.set(data.member_count.get() + 1);
            continue;
        }
        let member =
            typeobject::new_member_descriptor(vm, &ty, name, crate::object::MemberKind::Object);
        crate::objects::set_type_attr(vm, &ty, name, member);
    }
    add_new(vm, &ty, structseq_new);
    add_method_sig(vm, &ty, &REPR, structseq_repr);
    add_method_sig(vm, &ty, &REDUCE, structseq_reduce);
    crate::native::add_slot(vm, &ty, NativeSlot::SetAttr(structseq_setattro));
    ty
}

/// An instance of a struct-sequence type: the items, then the other fields (those
/// left out are `None`).
pub fn new(vm: &mut Vm, ty: &ObjRef, mut values: Vec<Value>) -> Value {
    let fields = fields(ty);
    values.resize(fields.len().max(values.len()), Value::None);
    let n_sequence = sequence_len(ty).min(values.len());
    let items = values[..n_sequence].to_vec().into_boxed_slice();
    let obj = typeobject::new_instance(vm, ty, Payload::Tuple(items));
    let count = type_data(ty).member_count.get();
    for (index, v) in values.into_iter().enumerate().take(fields.len()) {
        // The indices are the type's own members: inside the layout.
        let _ = obj.members.set(index, count, Some(v));
    }
    Value::Obj(obj)
}

/// Every field, items first, `None` for an unnamed one: the member descriptors of
/// the struct-sequence type `ty` is or derives from, by member index.
fn fields(ty: &ObjRef) -> Vec<Option<String>> {
    let mro = type_data(ty).mro.borrow().clone();
    let Some(structseq) = mro
        .iter()
        .find(|t| dict::dict_get_str(&type_data(t).dict, "n_fields").is_some())
    else {
        return Vec::new();
    };
    let mut fields = vec![None; type_data(structseq).member_count.get()];
    for (_, v) in dict::dict_items(&type_data(structseq).dict) {
        if let Value::Obj(d) = &v {
            if let Payload::MemberDescriptor(m) = &d.payload {
                if let Some(field) = fields.get_mut(m.index) {
                    *field = Some(m.name.to_string());
                }
            }
        }
    }
    fields
}

/// The names of the named fields, in order.
fn field_names(ty: &ObjRef) -> Vec<String> {
    fields(ty).into_iter().flatten().collect()
}

/// How many fields are items (`n_sequence_fields`).
fn sequence_len(ty: &ObjRef) -> usize {
    match class_attr(ty, "n_sequence_fields") {
        Some(Value::Int(n)) => n.max(0) as usize,
        _ => 0,
    }
}

/// An attribute of the struct-sequence type a class derives from.
fn class_attr(ty: &ObjRef, name: &str) -> Option<Value> {
    type_data(ty)
        .mro
        .borrow()
        .iter()
        .find_map(|t| dict::dict_get_str(&type_data(t).dict, name))
}

static STRUCTSEQ_NEW: Signature =
    Signature::new("structseq", "($type, sequence, dict={})").not_listed();

/// `T(sequence, dict={})`: the items from `sequence`, the other fields from the rest
/// of it or else from `dict`.
pub fn structseq_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [sequence, extra]) = STRUCTSEQ_NEW.bind(vm, args)?;
    let cls = match cls {
        Some(Value::Obj(c)) if c.type_data().is_some() => c,
        _ => return Err(vm.new_type_error("structseq.__new__(X): X is not a type".to_owned())),
    };
    let tp_name = typeobject::type_name(&cls);
    let sequence = sequence.unwrap_or(Value::None);
    let items = match abstract_::collect_iterable(vm, &sequence) {
        Ok(items) => items,
        Err(_) => return Err(vm.new_type_error("constructor requires a sequence".to_owned())),
    };
    let extra = match extra {
        None | Some(Value::None) => None,
        Some(Value::Obj(d)) if dict::as_dict(&d).is_some() => Some(d),
        Some(_) => {
            return Err(vm.new_type_error(format!("{tp_name}() takes a dict as second arg, if any")))
        }
    };
    let fields = fields(&cls);
    let (min, max, given) = (sequence_len(&cls), fields.len(), items.len());
    if given < min || given > max {
        let bound = if min == max {
            format!("a {min}")
        } else if given < min {
            format!("an at least {min}")
        } else {
            format!("an at most {max}")
        };
        return Err(vm.new_type_error(format!(
            "{tp_name}() takes {bound}-sequence ({given}-sequence given)"
        )));
    }
    let mut values = items;
    for name in &fields[given..] {
        let v = match (&extra, name) {
            (Some(d), Some(name)) => dict::dict_get_str(d, name),
            _ => None,
        };
        values.push(v.unwrap_or(Value::None));
    }
    Ok(new(vm, &cls, values))
}

/// `module.name(field=value, ...)` over the items.
// Shared by the struct sequence types, named by class in messages.
static REPR: Signature = Signature::slot_wrapper("structseq", "__repr__", "($self, /)");
static REDUCE: Signature = Signature::shared("__reduce__", "($self, /)").not_listed();

fn structseq_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = given(REPR.bind::<0>(vm, args)?.0);
    let ty = vm.type_of(&me);
    let items = abstract_::tuple_items(&me).unwrap_or_default();
    let mut parts = Vec::new();
    for (name, v) in field_names(&ty).iter().zip(items) {
        parts.push(format!("{name}={}", abstract_::repr_string(vm, &v)?));
    }
    let name = typeobject::type_name(&ty);
    Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
}

/// `(type, (items, {other fields}))`.
fn structseq_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let me = given(REDUCE.bind::<0>(vm, args)?.0);
    let ty = vm.type_of(&me);
    let items = abstract_::tuple_items(&me).unwrap_or_default();
    let fields = fields(&ty);
    let others = vm.new_dict();
    for name in fields.iter().skip(items.len()).flatten() {
        let v = abstract_::getattr_str(vm, &me, name)?;
        dict::dict_set_str(vm, &others, name, v);
    }
    let items = vm.new_tuple(items);
    let state = vm.new_tuple(vec![items, Value::Obj(others)]);
    Ok(vm.new_tuple(vec![Value::Obj(ty), state]))
}

/// Fields are read-only; a struct sequence has no other attributes to set.
fn structseq_setattro(
    vm: &mut Vm,
    obj: &Value,
    name: &ObjRef,
    value: Option<Value>,
) -> PyResult<()> {
    let ty = vm.type_of(obj);
    let text = abstract_::obj_as_str(name).unwrap_or("");
    if field_names(&ty).iter().any(|f| f == text) {
        return Err(vm.new_attribute_error("readonly attribute".to_owned()));
    }
    abstract_::generic_setattr(vm, obj, name, value)
}
