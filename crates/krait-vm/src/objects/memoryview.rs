//! `memoryview` (CPython's `Objects/memoryobject.c`), reduced to one-dimensional
//! views of bytes and bytearray with format 'B'.

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, new_builtin_type, Layout};
use crate::objects::{add_getset, add_method, add_new, this};
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// The viewed object and the byte range of the view.
fn view(vm: &mut Vm, v: &Value) -> PyResult<(Value, Vec<u8>)> {
    let Value::Obj(o) = v else {
        return Err(vm.new_type_error("expected a memoryview".to_owned()));
    };
    let Some(d) = o.dict() else {
        return Err(vm.new_type_error("expected a memoryview".to_owned()));
    };
    let obj = crate::objects::dict::dict_get_str(&d, "obj").unwrap_or(Value::None);
    let start = crate::objects::dict::dict_get_str(&d, "_start")
        .and_then(|v| crate::objects::int::as_i64(&v))
        .unwrap_or(0) as usize;
    let stop = crate::objects::dict::dict_get_str(&d, "_stop")
        .and_then(|v| crate::objects::int::as_i64(&v));
    let bytes = crate::objects::bytes::as_bytes(&obj).unwrap_or_default();
    let stop = stop
        .map(|s| s as usize)
        .unwrap_or(bytes.len())
        .min(bytes.len());
    Ok((obj, bytes[start.min(stop)..stop].to_vec()))
}

fn make(vm: &mut Vm, obj: Value, start: usize, stop: Option<usize>) -> Value {
    let class = vm.memoryview_type.clone();
    let mv = typeobject::new_instance(vm, &class, Payload::Instance);
    if let Some(d) = mv.dict() {
        crate::objects::dict::dict_set_str(vm, &d, "obj", obj);
        crate::objects::dict::dict_set_str(vm, &d, "_start", Value::Int(start as i64));
        if let Some(stop) = stop {
            crate::objects::dict::dict_set_str(vm, &d, "_stop", Value::Int(stop as i64));
        }
    }
    Value::Obj(mv)
}

pub fn new_type(vm: &Vm) -> ObjRef {
    let ty = new_builtin_type(
        Some(&vm.types.type_),
        "memoryview",
        Some(&vm.types.object),
        Layout::Opaque,
        Some(&vm.types.dict),
    );
    typeobject::type_data(&ty).instance_dict.set(true);
    typeobject::type_data(&ty).base_type.set(false);
    ty
}

pub fn init(vm: &mut Vm) {
    let ty = vm.memoryview_type.clone();
    crate::objects::typeobject::type_data(&ty)
        .weakrefable
        .set(true);
    add_new(vm, &ty, |vm, args| {
        let obj = crate::getargs::exactly_one(
            vm,
            "memoryview",
            Args {
                pos: args.pos[1..].to_vec(),
                kw: args.kw,
            },
        )?;
        if crate::objects::bytes::as_bytes(&obj).is_none() {
            return Err(vm.new_type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                vm.type_name_of(&obj)
            )));
        }
        Ok(make(vm, obj, 0, None))
    });
    add_method(vm, &ty, "tobytes", |vm, args| {
        let (_, b) = view(vm, &this(&args))?;
        Ok(vm.new_bytes(b))
    });
    add_method(vm, &ty, "tolist", |vm, args| {
        let (_, b) = view(vm, &this(&args))?;
        Ok(vm.new_list(b.into_iter().map(|x| Value::Int(x as i64)).collect()))
    });
    add_method(vm, &ty, "hex", |vm, args| {
        let (_, b) = view(vm, &this(&args))?;
        Ok(vm.new_str(b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
    });
    add_method(vm, &ty, "__len__", |vm, args| {
        Ok(Value::Int(view(vm, &this(&args))?.1.len() as i64))
    });
    add_method(vm, &ty, "__getitem__", |vm, args| {
        let me = this(&args);
        let (obj, b) = view(vm, &me)?;
        let key = args.pos.get(1).cloned().unwrap_or(Value::None);
        if let Value::Obj(k) = &key {
            if let Payload::Slice { .. } = k.payload {
                let (start, stop, step, _) = crate::objects::slice::indices(vm, k, b.len())?;
                if step != 1 {
                    return Err(vm.new_error(
                        Exc::NotImplementedError,
                        "memoryview slices with a step are not supported",
                    ));
                }
                let base = me
                    .as_obj()
                    .and_then(|o| o.dict())
                    .and_then(|d| crate::objects::dict::dict_get_str(&d, "_start"))
                    .and_then(|v| crate::objects::int::as_i64(&v))
                    .unwrap_or(0) as usize;
                return Ok(make(
                    vm,
                    obj,
                    base + start as usize,
                    Some(base + (stop.max(start)) as usize),
                ));
            }
        }
        let i = abstract_::index_isize(vm, &key)?;
        let len = b.len() as isize;
        let i = if i < 0 { i + len } else { i };
        if i < 0 || i >= len {
            return Err(vm.new_index_error("index out of range on dimension 1".to_owned()));
        }
        Ok(Value::Int(b[i as usize] as i64))
    });
    add_method(vm, &ty, "__eq__", |vm, args| {
        let (_, a) = view(vm, &this(&args))?;
        let other = args.pos.get(1).cloned().unwrap_or(Value::None);
        let b = if vm.isinstance(&other, &vm.memoryview_type.clone()) {
            Some(view(vm, &other)?.1)
        } else {
            crate::objects::bytes::as_bytes(&other)
        };
        match b {
            Some(b) => Ok(Value::Bool(a == b)),
            None => Ok(vm.not_implemented()),
        }
    });
    add_method(vm, &ty, "release", |_, _| Ok(Value::None));
    add_method(vm, &ty, "__enter__", |_, args| Ok(this(&args)));
    add_method(vm, &ty, "__exit__", |_, _| Ok(Value::None));
    add_getset(
        vm,
        &ty,
        "nbytes",
        |vm, v| Ok(Value::Int(view(vm, v)?.1.len() as i64)),
        None,
    );
    add_getset(
        vm,
        &ty,
        "readonly",
        |vm, v| {
            let (obj, _) = view(vm, v)?;
            Ok(Value::Bool(
                !matches!(&obj, Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_))),
            ))
        },
        None,
    );
    add_getset(vm, &ty, "format", |vm, _| Ok(vm.new_str("B")), None);
    add_getset(vm, &ty, "itemsize", |_, _| Ok(Value::Int(1)), None);
    add_getset(vm, &ty, "ndim", |_, _| Ok(Value::Int(1)), None);
}
