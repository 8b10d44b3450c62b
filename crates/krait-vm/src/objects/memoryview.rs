//! `memoryview` (CPython's `Objects/memoryobject.c`), reduced to one-dimensional
//! views of bytes and bytearray, with format 'B' or a native integer format that
//! `cast` gives them (`re._compiler` reads its charset tables with `cast('I')`).

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::str_methods::argument_type_name;
use crate::objects::typeobject::{self, new_builtin_type, Layout};
use crate::objects::{add_getset, add_method, add_method_sig, add_new, this};
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

/// The viewed object and the byte range of the view.
fn view(vm: &mut Vm, v: &Value) -> PyResult<(Value, Vec<u8>)> {
    if is_released(v) {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    view_parts(v).ok_or_else(|| vm.new_type_error("expected a memoryview".to_owned()))
}

/// Whether `release()` (or leaving a `with` block) ended view `v`.
pub fn is_released(v: &Value) -> bool {
    v.as_obj()
        .and_then(|o| o.dict())
        .and_then(|d| crate::objects::dict::dict_get_str(&d, "_released"))
        .is_some_and(|r| matches!(r, Value::Bool(true)))
}

fn release(vm: &mut Vm, v: &Value) {
    if let Some(d) = v.as_obj().and_then(|o| o.dict()) {
        crate::objects::dict::dict_set_str(vm, &d, "_released", Value::Bool(true));
    }
}

/// The bytes a memoryview shows (what its buffer gives); `None` for other objects.
pub fn contents(vm: &Vm, v: &Value) -> Option<Vec<u8>> {
    let Value::Obj(o) = v else { return None };
    if !std::rc::Rc::ptr_eq(&o.class(), &vm.memoryview_type) {
        return None;
    }
    view_parts(v).map(|(_, bytes)| bytes)
}

fn view_parts(v: &Value) -> Option<(Value, Vec<u8>)> {
    let Value::Obj(o) = v else {
        return None;
    };
    let d = o.dict()?;
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
    Some((obj, bytes[start.min(stop)..stop].to_vec()))
}

/// The bytearray a view shows, with the byte range `start..stop` it covers, when `v`
/// is a memoryview of a bytearray: where `readinto` writes through a view.
pub fn bytearray_range(vm: &Vm, v: &Value) -> Option<(ObjRef, usize, usize)> {
    let Value::Obj(o) = v else { return None };
    if !std::rc::Rc::ptr_eq(&o.class(), &vm.memoryview_type) {
        return None;
    }
    let d = o.dict()?;
    let Value::Obj(obj) = crate::objects::dict::dict_get_str(&d, "obj")? else {
        return None;
    };
    let Payload::ByteArray(data) = &obj.payload else {
        return None;
    };
    let len = data.borrow().len();
    let number = |name: &str| {
        crate::objects::dict::dict_get_str(&d, name)
            .and_then(|v| crate::objects::int::as_i64(&v))
            .map(|n| n.max(0) as usize)
    };
    let stop = number("_stop").unwrap_or(len).min(len);
    let start = number("_start").unwrap_or(0).min(stop);
    Some((obj.clone(), start, stop))
}

/// `view[key] = value`: writes through a view of a bytearray, a slice (without a
/// step) from bytes of the same length or one item of a byte format.
fn set_item(vm: &mut Vm, me: &Value, key: &Value, value: &Value) -> PyResult<()> {
    if is_readonly(me) {
        return Err(vm.new_type_error("cannot modify read-only memory".to_owned()));
    }
    let Some((target, start, stop)) = bytearray_range(vm, me) else {
        return Err(vm.new_type_error("cannot modify read-only memory".to_owned()));
    };
    let Payload::ByteArray(data) = &target.payload else {
        return Err(vm.new_type_error("cannot modify read-only memory".to_owned()));
    };
    let len = stop - start;
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = k.payload {
            let (from, to, step, _) = crate::objects::slice::indices(vm, k, len)?;
            if step != 1 {
                return Err(vm.new_error(
                    Exc::NotImplementedError,
                    "memoryview slices with a step are not supported",
                ));
            }
            let (from, to) = (from as usize, (to.max(from)) as usize);
            let source = match crate::objects::bytes::as_bytes(value) {
                Some(bytes) => bytes,
                None if vm.isinstance(value, &vm.memoryview_type.clone()) => view(vm, value)?.1,
                None => {
                    return Err(vm.new_type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        vm.type_name_of(value)
                    )))
                }
            };
            if source.len() != to - from {
                return Err(vm.new_value_error(
                    "memoryview assignment: lvalue and rvalue have different structures".to_owned(),
                ));
            }
            let mut data = data.borrow_mut();
            if let Some(dest) = data.get_mut(start + from..start + to) {
                dest.copy_from_slice(&source);
            }
            return Ok(());
        }
    }
    let (format, size) = format_of(me);
    if size != 1 || format == 'c' {
        return Err(vm.new_error(
            Exc::NotImplementedError,
            "memoryview: item assignment is supported for format 'B' only",
        ));
    }
    let i = abstract_::index_isize(vm, key)?;
    let i = if i < 0 { i + len as isize } else { i };
    if i < 0 || i >= len as isize {
        return Err(vm.new_index_error("index out of bounds on dimension 1".to_owned()));
    }
    let byte = match crate::objects::int::as_i64(value) {
        Some(n) if format == 'B' && (0..=255).contains(&n) => n as u8,
        Some(n) if format == 'b' && (-128..=127).contains(&n) => n as i8 as u8,
        Some(_) => {
            return Err(
                vm.new_value_error(format!("memoryview: invalid value for format '{format}'"))
            )
        }
        None => {
            return Err(vm.new_type_error(format!("memoryview: invalid type for format '{format}'")))
        }
    };
    if let Some(slot) = data.borrow_mut().get_mut(start + i as usize) {
        *slot = byte;
    }
    Ok(())
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

/// A new view of what view `v` shows (`memoryview(view)`), read-only if `readonly`
/// or if `v` is.
fn copy_view(vm: &mut Vm, v: &Value, readonly: bool) -> Value {
    let class = vm.memoryview_type.clone();
    let mv = typeobject::new_instance(vm, &class, Payload::Instance);
    if let (Some(from), Some(to)) = (v.as_obj().and_then(|o| o.dict()), mv.dict()) {
        for key in ["obj", "_start", "_stop", "_format", "_readonly"] {
            if let Some(value) = crate::objects::dict::dict_get_str(&from, key) {
                crate::objects::dict::dict_set_str(vm, &to, key, value);
            }
        }
        if readonly {
            crate::objects::dict::dict_set_str(vm, &to, "_readonly", Value::Bool(true));
        }
    }
    Value::Obj(mv)
}

/// Whether view `v` refuses writes: a view of bytes, or made by `toreadonly()`.
fn is_readonly(v: &Value) -> bool {
    let Some(d) = v.as_obj().and_then(|o| o.dict()) else {
        return true;
    };
    if matches!(
        crate::objects::dict::dict_get_str(&d, "_readonly"),
        Some(Value::Bool(true))
    ) {
        return true;
    }
    !matches!(crate::objects::dict::dict_get_str(&d, "obj"),
        Some(Value::Obj(o)) if matches!(o.payload, Payload::ByteArray(_)))
}

/// The item format of view `v` ('B' unless `cast` changed it) and its item size.
fn format_of(v: &Value) -> (char, usize) {
    let format = v
        .as_obj()
        .and_then(|o| o.dict())
        .and_then(|d| crate::objects::dict::dict_get_str(&d, "_format"))
        .and_then(|f| abstract_::value_as_str(&f).and_then(|s| s.chars().next()))
        .unwrap_or('B');
    (format, item_size(format).unwrap_or(1))
}

/// The size of an item of a native single-character format `cast` accepts.
fn item_size(format: char) -> Option<usize> {
    match format {
        'B' | 'b' | 'c' => Some(1),
        'H' | 'h' => Some(2),
        'I' | 'i' => Some(4),
        'L' | 'l' | 'Q' | 'q' | 'N' | 'n' => Some(8),
        _ => None,
    }
}

/// The items of `bytes` read in `format`, in native byte order.
fn unpack_items(vm: &Vm, bytes: &[u8], format: char) -> Vec<Value> {
    let size = item_size(format).unwrap_or(1);
    bytes
        .chunks_exact(size)
        .map(|chunk| unpack_item(vm, chunk, format))
        .collect()
}

fn unpack_item(vm: &Vm, chunk: &[u8], format: char) -> Value {
    if format == 'c' {
        return vm.new_bytes(chunk.to_vec());
    }
    // Widen to 8 bytes in native order, extending the sign of signed formats.
    let most_significant = if cfg!(target_endian = "little") {
        chunk.last()
    } else {
        chunk.first()
    };
    let signed = format.is_ascii_lowercase();
    let negative = signed && most_significant.is_some_and(|b| b & 0x80 != 0);
    let mut word = [if negative { 0xff } else { 0 }; 8];
    if cfg!(target_endian = "little") {
        word[..chunk.len()].copy_from_slice(chunk);
    } else {
        word[8 - chunk.len()..].copy_from_slice(chunk);
    }
    if signed {
        return Value::Int(i64::from_ne_bytes(word));
    }
    let n = u64::from_ne_bytes(word);
    match i64::try_from(n) {
        Ok(n) => Value::Int(n),
        Err(_) => vm.new_big_int(n.into()),
    }
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

// The signatures of memoryview's constructor and methods, as `__text_signature__`
// shows them.
static NEW: Signature = Signature::new("memoryview", "($type, object)");
static TOBYTES: Signature = Signature::of("memoryview", "tobytes", "($self, /, order='C')");
static TOLIST: Signature = Signature::of("memoryview", "tolist", "($self, /)");
static CAST: Signature = Signature::of(
    "memoryview",
    "cast",
    "($self, /, format, shape=<unrepresentable>)",
);
static HEX: Signature = Signature::of(
    "memoryview",
    "hex",
    "($self, /, sep=<unrepresentable>, bytes_per_sep=1)",
);
static RELEASE: Signature = Signature::of("memoryview", "release", "($self, /)");
static TOREADONLY: Signature = Signature::of("memoryview", "toreadonly", "($self, /)");
static ENTER: Signature = Signature::unlisted("memoryview", "__enter__", "($self, /)");
static EXIT: Signature = Signature::unlisted("memoryview", "__exit__", "($self, *args)");

pub fn init(vm: &mut Vm) {
    let ty = vm.memoryview_type.clone();
    crate::objects::typeobject::type_data(&ty)
        .weakrefable
        .set(true);
    add_new(vm, &ty, |vm, args| {
        let (_, [object]) = NEW.bind(vm, args)?;
        let mut obj = object.expect("required by the signature");
        if let Some(owner) = crate::native::buffer_owner(vm, &obj) {
            obj = owner?;
        }
        if vm.isinstance(&obj, &vm.memoryview_type.clone()) {
            view(vm, &obj)?;
            return Ok(copy_view(vm, &obj, false));
        }
        if crate::objects::bytes::as_bytes(&obj).is_none() {
            return Err(vm.new_type_error(format!(
                "memoryview: a bytes-like object is required, not '{}'",
                vm.type_name_of(&obj)
            )));
        }
        Ok(make(vm, obj, 0, None))
    });
    add_method_sig(vm, &ty, &TOBYTES, |vm, args| {
        let (this, [order]) = TOBYTES.bind(vm, args)?;
        let (_, b) = view(vm, &this.unwrap_or(Value::None))?;
        match order.filter(|o| !o.is_none()) {
            None => {}
            Some(order) => match abstract_::value_as_str(&order) {
                Some("C" | "F" | "A") => {}
                Some(_) => {
                    return Err(vm.new_value_error("order must be 'C', 'F' or 'A'".to_owned()))
                }
                None => {
                    return Err(vm.new_type_error(format!(
                        "tobytes() argument 'order' must be str or None, not {}",
                        argument_type_name(vm, &order)
                    )))
                }
            },
        }
        Ok(vm.new_bytes(b))
    });
    add_method_sig(vm, &ty, &TOLIST, |vm, args| {
        let (this, []) = TOLIST.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        let (_, b) = view(vm, &me)?;
        let items = unpack_items(vm, &b, format_of(&me).0);
        Ok(vm.new_list(items))
    });
    add_method_sig(vm, &ty, &CAST, |vm, args| {
        let (this, [format, _shape]) = CAST.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        let format = format.expect("required by the signature");
        let Some(format) = abstract_::value_as_str(&format).map(str::to_owned) else {
            return Err(vm.new_type_error(format!(
                "cast() argument 'format' must be str, not {}",
                argument_type_name(vm, &format)
            )));
        };
        let code = format.strip_prefix('@').unwrap_or(&format);
        let Some(size) = code
            .chars()
            .next()
            .filter(|_| code.len() == 1)
            .and_then(item_size)
        else {
            return Err(vm.new_value_error(
                "memoryview: destination format must be a native single character format \
                 prefixed with an optional '@'"
                    .to_owned(),
            ));
        };
        let (obj, b) = view(vm, &me)?;
        if format_of(&me).1 != 1 && size != 1 {
            return Err(vm.new_type_error(
                "memoryview: cannot cast between two non-byte formats".to_owned(),
            ));
        }
        if b.len() % size != 0 {
            return Err(
                vm.new_type_error("memoryview: length is not a multiple of itemsize".to_owned())
            );
        }
        let d = me.as_obj().and_then(|o| o.dict());
        let start = d
            .as_ref()
            .and_then(|d| crate::objects::dict::dict_get_str(d, "_start"))
            .and_then(|v| crate::objects::int::as_i64(&v))
            .unwrap_or(0) as usize;
        let cast = make(vm, obj, start, Some(start + b.len()));
        if let Some(d) = cast.as_obj().and_then(|o| o.dict()) {
            let code = vm.new_str(code);
            crate::objects::dict::dict_set_str(vm, &d, "_format", code);
        }
        Ok(cast)
    });
    add_method_sig(vm, &ty, &HEX, |vm, args| {
        let (this, hex) = HEX.bind(vm, args)?;
        let (_, b) = view(vm, &this.unwrap_or(Value::None))?;
        let (sep, per) = crate::objects::bytes::hex_args(vm, hex)?;
        Ok(vm.new_str(crate::objects::bytes::hex_string(&b, sep, per)))
    });
    add_method(vm, &ty, "__len__", |vm, args| {
        let me = this(&args);
        Ok(Value::Int(
            (view(vm, &me)?.1.len() / format_of(&me).1) as i64,
        ))
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
        let (format, size) = format_of(&me);
        let len = (b.len() / size) as isize;
        let i = if i < 0 { i + len } else { i };
        if i < 0 || i >= len {
            return Err(vm.new_index_error("index out of range on dimension 1".to_owned()));
        }
        let at = i as usize * size;
        Ok(unpack_item(vm, &b[at..at + size], format))
    });
    add_method(vm, &ty, "__setitem__", |vm, args| {
        let me = this(&args);
        let key = args.pos.get(1).cloned().unwrap_or(Value::None);
        let value = args.pos.get(2).cloned().unwrap_or(Value::None);
        set_item(vm, &me, &key, &value)?;
        Ok(Value::None)
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
    add_method_sig(vm, &ty, &RELEASE, |vm, args| {
        let (this, []) = RELEASE.bind(vm, args)?;
        release(vm, &this.unwrap_or(Value::None));
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &ENTER, |vm, args| {
        let (this, []) = ENTER.bind(vm, args)?;
        Ok(this.unwrap_or(Value::None))
    });
    add_method_sig(vm, &ty, &EXIT, |vm, args| {
        let bound = EXIT.bind_all::<0>(vm, args)?;
        release(vm, &bound.this.unwrap_or(Value::None));
        Ok(Value::None)
    });
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
            view(vm, v)?;
            Ok(Value::Bool(is_readonly(v)))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "shape",
        |vm, v| {
            let len = view(vm, v)?.1.len() / format_of(v).1;
            Ok(vm.new_tuple(vec![Value::Int(len as i64)]))
        },
        None,
    );
    add_getset(
        vm,
        &ty,
        "strides",
        |vm, v| {
            view(vm, v)?;
            Ok(vm.new_tuple(vec![Value::Int(format_of(v).1 as i64)]))
        },
        None,
    );
    // One-dimensional views of contiguous memory are contiguous in every sense.
    for name in ["contiguous", "c_contiguous", "f_contiguous"] {
        add_getset(
            vm,
            &ty,
            name,
            |vm, v| {
                view(vm, v)?;
                Ok(Value::Bool(true))
            },
            None,
        );
    }
    add_method_sig(vm, &ty, &TOREADONLY, |vm, args| {
        let (this, []) = TOREADONLY.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        view(vm, &me)?;
        Ok(copy_view(vm, &me, true))
    });
    add_getset(
        vm,
        &ty,
        "format",
        |vm, v| Ok(vm.new_str(format_of(v).0.to_string())),
        None,
    );
    add_getset(
        vm,
        &ty,
        "itemsize",
        |_, v| Ok(Value::Int(format_of(v).1 as i64)),
        None,
    );
    add_getset(vm, &ty, "ndim", |_, _| Ok(Value::Int(1)), None);
}
