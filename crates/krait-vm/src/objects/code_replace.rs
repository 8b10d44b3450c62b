//! `code.replace(**changes)`: a copy of a code object with some `co_*` fields
//! changed (`types.coroutine` and tools that rewrite bytecode use it).

use std::rc::Rc;

use krait_bytecode::{CodeObject, Constant, LocalKind};

use crate::abstract_;
use crate::object::{Payload, PyObject};
use crate::objects::code::{as_code, load_code};
use crate::objects::function::Args;
use crate::signature::Signature;
use crate::value::Value;
use crate::{PyResult, Vm};

pub static REPLACE: Signature = Signature::of(
    "code",
    "replace",
    "($self, /, *, co_argcount=-1, co_posonlyargcount=-1, co_kwonlyargcount=-1, co_nlocals=-1, co_stacksize=-1, co_flags=-1, co_firstlineno=-1, co_code=None, co_consts=None, co_names=None, co_varnames=None, co_freevars=None, co_cellvars=None, co_filename=None, co_name=None, co_qualname=None, co_linetable=None, co_exceptiontable=None)",
);

/// The constant a value stands for in a code object, where it has one.
fn value_to_constant(v: &Value) -> Option<Constant> {
    Some(match v {
        Value::None => Constant::None,
        Value::Bool(b) => Constant::Bool(*b),
        Value::Int(n) => Constant::Int(*n),
        Value::Float(x) => Constant::Float(*x),
        Value::Obj(o) => match &o.payload {
            Payload::Str(s) => Constant::Str(Rc::from(s.as_str())),
            Payload::Bytes(b) => Constant::Bytes(b.to_vec().into()),
            Payload::Int(n) => Constant::BigInt(n.clone()),
            Payload::Complex(real, imag) => Constant::Complex {
                real: *real,
                imag: *imag,
            },
            Payload::Tuple(items) => {
                Constant::Tuple(items.iter().map(value_to_constant).collect::<Option<_>>()?)
            }
            Payload::Code(c) => Constant::Code(c.code.clone()),
            Payload::Ellipsis => Constant::Ellipsis,
            _ => return None,
        },
    })
}

fn count_arg(vm: &mut Vm, value: Option<Value>, field: &mut u32) -> PyResult<()> {
    if let Some(v) = value {
        let n = abstract_::index(vm, &v)?;
        match crate::objects::int::as_i64(&n) {
            Some(-1) => {}
            Some(n) if (0..=i32::MAX as i64).contains(&n) => *field = n as u32,
            _ => return Err(vm.new_value_error("code: argument out of range".to_owned())),
        }
    }
    Ok(())
}

fn text_arg(vm: &mut Vm, value: Option<Value>, name: &str) -> PyResult<Option<Rc<str>>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(v) => match abstract_::value_as_str(&v) {
            Some(s) => Ok(Some(Rc::from(s))),
            None => {
                let given = vm.type_name_of(&v);
                Err(vm.new_type_error(format!(
                    "replace() argument '{name}' must be str, not {given}"
                )))
            }
        },
    }
}

fn bytes_field(vm: &mut Vm, value: Option<Value>, name: &str) -> PyResult<Option<Vec<u8>>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(v) => match crate::objects::bytes::as_bytes(&v)
            .filter(|_| matches!(&v, Value::Obj(o) if matches!(o.payload, Payload::Bytes(_))))
        {
            Some(b) => Ok(Some(b)),
            None => {
                let given = vm.type_name_of(&v);
                Err(vm.new_type_error(format!(
                    "replace() argument '{name}' must be bytes, not {given}"
                )))
            }
        },
    }
}

fn names_arg(vm: &mut Vm, value: Option<Value>, name: &str) -> PyResult<Option<Vec<Rc<str>>>> {
    let Some(v) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let Some(items) = abstract_::tuple_items(&v) else {
        let given = vm.type_name_of(&v);
        return Err(vm.new_type_error(format!(
            "replace() argument '{name}' must be tuple, not {given}"
        )));
    };
    let mut names = Vec::with_capacity(items.len());
    for item in items {
        match abstract_::value_as_str(&item) {
            Some(s) => names.push(Rc::from(s)),
            None => {
                return Err(vm
                    .new_type_error("name tuples must contain only strings, not 'int'".to_owned()))
            }
        }
    }
    Ok(Some(names))
}

/// Renames, in order, the locals-plus entries of `kind`.
fn rename_kind(vm: &mut Vm, code: &mut CodeObject, kind: u8, names: Vec<Rc<str>>) -> PyResult<()> {
    let slots: Vec<usize> = (0..code.localspluskinds.len())
        .filter(|&i| code.localspluskinds[i] & kind != 0)
        .collect();
    if slots.len() != names.len() {
        return Err(
            vm.new_value_error("code: the number of variable names cannot change".to_owned())
        );
    }
    for (slot, name) in slots.into_iter().zip(names) {
        code.localsplusnames[slot] = name;
    }
    Ok(())
}

pub fn code_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (
        this,
        [argcount, posonly, kwonly, _nlocals, stacksize, flags, firstlineno, code_bytes, consts, names, varnames, freevars, cellvars, filename, name, qualname, linetable, exceptiontable],
    ) = REPLACE.bind(vm, args)?;
    let Some(original) = this.as_ref().and_then(as_code).cloned() else {
        return Err(vm.new_type_error("descriptor 'replace' requires a 'code' object".to_owned()));
    };
    let mut code = (*original.code).clone();
    count_arg(vm, argcount, &mut code.argcount)?;
    count_arg(vm, posonly, &mut code.posonlyargcount)?;
    count_arg(vm, kwonly, &mut code.kwonlyargcount)?;
    count_arg(vm, stacksize, &mut code.stacksize)?;
    count_arg(vm, flags, &mut code.flags)?;
    count_arg(vm, firstlineno, &mut code.firstlineno)?;
    if let Some(b) = bytes_field(vm, code_bytes, "co_code")? {
        code.code = b;
    }
    if let Some(b) = bytes_field(vm, linetable, "co_linetable")? {
        code.linetable = b;
    }
    if let Some(b) = bytes_field(vm, exceptiontable, "co_exceptiontable")? {
        code.exceptiontable = b;
    }
    if let Some(s) = text_arg(vm, filename, "co_filename")? {
        code.filename = s;
    }
    if let Some(s) = text_arg(vm, name, "co_name")? {
        code.name = s;
    }
    if let Some(s) = text_arg(vm, qualname, "co_qualname")? {
        code.qualname = s;
    }
    if let Some(n) = names_arg(vm, names, "co_names")? {
        code.names = n;
    }
    for (value, kind, field) in [
        (varnames, LocalKind::LOCAL, "co_varnames"),
        (cellvars, LocalKind::CELL, "co_cellvars"),
        (freevars, LocalKind::FREE, "co_freevars"),
    ] {
        if let Some(n) = names_arg(vm, value, field)? {
            rename_kind(vm, &mut code, kind, n)?;
        }
    }
    let new_consts = match consts.filter(|v| !v.is_none()) {
        None => None,
        Some(v) => match abstract_::tuple_items(&v) {
            Some(items) => Some(items),
            None => {
                let given = vm.type_name_of(&v);
                return Err(vm.new_type_error(format!(
                    "replace() argument 'co_consts' must be tuple, not {given}"
                )));
            }
        },
    };
    if let Some(items) = &new_consts {
        // Objects with no constant form stay only in the run-time constants.
        code.consts = items
            .iter()
            .map(|v| value_to_constant(v).unwrap_or(Constant::None))
            .collect();
    }
    let mut data = load_code(vm, Rc::new(code))?;
    if let (Some(items), Some(data)) = (new_consts, Rc::get_mut(&mut data)) {
        data.consts = items;
    }
    Ok(Value::Obj(PyObject::new(
        vm.types.code.clone(),
        Payload::Code(data),
    )))
}
