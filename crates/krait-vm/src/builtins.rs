//! The `builtins` module (CPython's `Python/bltinmodule.c`).

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict;
use crate::objects::function::{Args, NativeFn};
use crate::objects::module::{module_dict, new_module};
use crate::objects::typeobject;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

pub fn init(vm: &mut Vm) {
    let module = new_module(vm, "builtins");
    let d = module_dict(&module).expect("a module");
    vm.builtins = module.clone();
    // The builtins dict object is the module's namespace.
    vm.builtins_dict = d.clone();
    let t = &vm.types;
    let types: Vec<(&str, ObjRef)> = vec![
        ("object", t.object.clone()),
        ("type", t.type_.clone()),
        ("int", t.int.clone()),
        ("bool", t.bool_.clone()),
        ("float", t.float.clone()),
        ("complex", t.complex.clone()),
        ("str", t.str.clone()),
        ("bytes", t.bytes.clone()),
        ("bytearray", t.bytearray.clone()),
        ("list", t.list.clone()),
        ("tuple", t.tuple.clone()),
        ("dict", t.dict.clone()),
        ("set", t.set.clone()),
        ("frozenset", t.frozenset.clone()),
        ("range", t.range.clone()),
        ("slice", t.slice.clone()),
        ("property", t.property.clone()),
        ("classmethod", t.classmethod.clone()),
        ("staticmethod", t.staticmethod.clone()),
        ("super", t.super_.clone()),
        ("enumerate", t.enumerate.clone()),
        ("zip", t.zip.clone()),
        ("map", t.map.clone()),
        ("filter", t.filter.clone()),
        ("reversed", t.reversed.clone()),
        ("memoryview", vm.memoryview_type.clone()),
    ];
    for (name, ty) in types {
        dict::dict_set_str(vm, &d, name, Value::Obj(ty));
    }
    for &exc in Exc::ALL {
        let ty = Value::Obj(vm.exc(exc).clone());
        dict::dict_set_str(vm, &d, exc.name(), ty);
    }
    for alias in ["EnvironmentError", "IOError"] {
        let os_error = Value::Obj(vm.exc(Exc::OSError).clone());
        dict::dict_set_str(vm, &d, alias, os_error);
    }
    dict::dict_set_str(vm, &d, "None", Value::None);
    dict::dict_set_str(vm, &d, "True", Value::Bool(true));
    dict::dict_set_str(vm, &d, "False", Value::Bool(false));
    let ni = vm.not_implemented();
    dict::dict_set_str(vm, &d, "NotImplemented", ni);
    let el = vm.ellipsis();
    dict::dict_set_str(vm, &d, "Ellipsis", el);
    dict::dict_set_str(vm, &d, "__debug__", Value::Bool(vm.config.optimize == 0));
    let functions: Vec<(&'static str, NativeFn)> = vec![
        ("print", builtin_print),
        ("len", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "len", args)?;
            Ok(Value::Int(abstract_::len(vm, &v)? as i64))
        }),
        ("repr", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "repr", args)?;
            abstract_::repr(vm, &v)
        }),
        ("ascii", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "ascii", args)?;
            abstract_::ascii(vm, &v)
        }),
        ("hash", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "hash", args)?;
            Ok(Value::Int(abstract_::hash(vm, &v)?))
        }),
        ("id", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "id", args)?;
            Ok(Value::Int(match &v {
                Value::Obj(o) => crate::object::object_id(o),
                Value::None => 0x1000,
                Value::Bool(b) => 0x2000 + *b as i64,
                Value::Int(n) => 0x10_0000_0000 ^ *n,
                Value::Float(x) => x.to_bits() as i64,
            }))
        }),
        ("abs", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "abs", args)?;
            match abstract_::call_special(vm, &v, "__abs__", vec![])? {
                Some(r) => Ok(r),
                None => Err(vm.new_type_error(format!(
                    "bad operand type for abs(): '{}'",
                    vm.type_name_of(&v)
                ))),
            }
        }),
        ("callable", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "callable", args)?;
            Ok(Value::Bool(is_callable(vm, &v)))
        }),
        ("chr", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "chr", args)?;
            let n = abstract_::index(vm, &v)?;
            match crate::objects::int::as_i64(&n)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                Some(c) => Ok(vm.new_str(c.to_string())),
                None => Err(vm.new_value_error("chr() arg not in range(0x110000)".to_owned())),
            }
        }),
        ("ord", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "ord", args)?;
            if let Some(s) = abstract_::value_as_str(&v) {
                let n = s.chars().count();
                if n != 1 {
                    return Err(vm.new_type_error(format!(
                        "ord() expected a character, but string of length {n} found"
                    )));
                }
                return Ok(Value::Int(s.chars().next().map(|c| c as i64).unwrap_or(0)));
            }
            if let Some(b) = crate::objects::bytes::as_bytes(&v) {
                if b.len() != 1 {
                    return Err(vm.new_type_error(format!(
                        "ord() expected a character, but string of length {} found",
                        b.len()
                    )));
                }
                return Ok(Value::Int(b[0] as i64));
            }
            Err(vm.new_type_error(format!(
                "ord() expected string of length 1, but {} found",
                vm.type_name_of(&v)
            )))
        }),
        ("hex", |vm, args| radix(vm, args, "hex", 'x')),
        ("oct", |vm, args| radix(vm, args, "oct", 'o')),
        ("bin", |vm, args| radix(vm, args, "bin", 'b')),
        ("isinstance", builtin_isinstance),
        ("issubclass", builtin_issubclass),
        ("getattr", |vm, args| {
            let pos = crate::getargs::positional(vm, "getattr", args, 2, 3)?;
            let (obj, name) = (
                pos[0].clone().unwrap_or(Value::None),
                pos[1].clone().unwrap_or(Value::None),
            );
            let Value::Obj(n) = &name else {
                return Err(vm.new_type_error(format!(
                    "attribute name must be string, not '{}'",
                    vm.type_name_of(&name)
                )));
            };
            if n.str_data().is_none() {
                return Err(vm.new_type_error(format!(
                    "attribute name must be string, not '{}'",
                    vm.type_name_of(&name)
                )));
            }
            match abstract_::getattr(vm, &obj, n) {
                Err(e) if pos[2].is_some() && vm.err_matches(&e, Exc::AttributeError) => {
                    Ok(pos[2].clone().unwrap_or(Value::None))
                }
                other => other,
            }
        }),
        ("setattr", |vm, args| {
            let pos = crate::getargs::positional(vm, "setattr", args, 3, 3)?;
            let name = attr_name(vm, pos[1].as_ref())?;
            abstract_::setattr(
                vm,
                pos[0].as_ref().unwrap_or(&Value::None),
                &name,
                pos[2].clone(),
            )?;
            Ok(Value::None)
        }),
        ("delattr", |vm, args| {
            let pos = crate::getargs::positional(vm, "delattr", args, 2, 2)?;
            let name = attr_name(vm, pos[1].as_ref())?;
            abstract_::setattr(vm, pos[0].as_ref().unwrap_or(&Value::None), &name, None)?;
            Ok(Value::None)
        }),
        ("hasattr", |vm, args| {
            let pos = crate::getargs::positional(vm, "hasattr", args, 2, 2)?;
            let name = attr_name(vm, pos[1].as_ref())?;
            match abstract_::getattr(vm, pos[0].as_ref().unwrap_or(&Value::None), &name) {
                Ok(_) => Ok(Value::Bool(true)),
                Err(e) if vm.err_matches(&e, Exc::AttributeError) => Ok(Value::Bool(false)),
                Err(e) => Err(e),
            }
        }),
        ("iter", |vm, args| {
            let pos = crate::getargs::positional(vm, "iter", args, 1, 2)?;
            let v = pos[0].clone().unwrap_or(Value::None);
            match &pos[1] {
                None => abstract_::get_iter(vm, &v),
                Some(sentinel) => {
                    if !is_callable(vm, &v) {
                        return Err(vm.new_type_error("iter(v, w): v must be callable".to_owned()));
                    }
                    Ok(crate::objects::iter::new_iter(
                        vm,
                        crate::objects::iter::IterData::Callable {
                            func: v,
                            sentinel: sentinel.clone(),
                        },
                    ))
                }
            }
        }),
        ("next", |vm, args| {
            let pos = crate::getargs::positional(vm, "next", args, 1, 2)?;
            let it = pos[0].clone().unwrap_or(Value::None);
            let next = typeobject::type_data(&vm.type_of(&it)).slots.iternext.get();
            let Some(next) = next else {
                return Err(vm.new_type_error(format!(
                    "'{}' object is not an iterator",
                    vm.type_name_of(&it)
                )));
            };
            let default = pos[1].clone();
            match abstract_::iter_next_raw(vm, &it, next) {
                Ok(Some(v)) => Ok(v),
                Ok(None) => match default {
                    Some(d) => Ok(d),
                    None => Err(vm.new_stop_iteration(None)),
                },
                Err(e) if default.is_some() && vm.err_matches(&e, Exc::StopIteration) => {
                    Ok(default.unwrap_or(Value::None))
                }
                Err(e) => Err(e),
            }
        }),
        ("format", |vm, args| {
            let pos = crate::getargs::positional(vm, "format", args, 1, 2)?;
            let spec = pos[1].clone();
            abstract_::format(vm, pos[0].as_ref().unwrap_or(&Value::None), spec.as_ref())
        }),
        ("divmod", |vm, args| {
            let pos = crate::getargs::positional(vm, "divmod", args, 2, 2)?;
            let (a, b) = (
                pos[0].clone().unwrap_or(Value::None),
                pos[1].clone().unwrap_or(Value::None),
            );
            if let Some(r) = abstract_::call_special(vm, &a, "__divmod__", vec![b.clone()])? {
                if !abstract_::is_not_implemented(vm, &r) {
                    return Ok(r);
                }
            }
            if let Some(r) = abstract_::call_special(vm, &b, "__rdivmod__", vec![a.clone()])? {
                if !abstract_::is_not_implemented(vm, &r) {
                    return Ok(r);
                }
            }
            Err(vm.new_type_error(format!(
                "unsupported operand type(s) for divmod(): '{}' and '{}'",
                vm.type_name_of(&a),
                vm.type_name_of(&b)
            )))
        }),
        ("pow", |vm, args| {
            let parsed = crate::getargs::parse(vm, "pow", args, &["base", "exp", "mod"], 2)?;
            let (a, b) = (
                parsed[0].clone().unwrap_or(Value::None),
                parsed[1].clone().unwrap_or(Value::None),
            );
            match &parsed[2] {
                None | Some(Value::None) => abstract_::binary_op(vm, &a, &b, 8),
                Some(m) => {
                    match (
                        crate::objects::int::as_big(&a),
                        crate::objects::int::as_big(&b),
                        crate::objects::int::as_big(m),
                    ) {
                        (Some(x), Some(y), Some(z)) => crate::objects::int::pow_mod(vm, &x, &y, &z),
                        _ => match abstract_::call_special(
                            vm,
                            &a,
                            "__pow__",
                            vec![b.clone(), m.clone()],
                        )? {
                            Some(r) if !abstract_::is_not_implemented(vm, &r) => Ok(r),
                            _ => match abstract_::call_special(
                                vm,
                                &b,
                                "__rpow__",
                                vec![a.clone(), m.clone()],
                            )? {
                                Some(r) if !abstract_::is_not_implemented(vm, &r) => Ok(r),
                                _ => Err(vm.new_type_error(format!(
                                    "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
                                    vm.type_name_of(&a),
                                    vm.type_name_of(&b),
                                    vm.type_name_of(m)
                                ))),
                            },
                        },
                    }
                }
            }
        }),
        ("round", |vm, args| {
            let parsed = crate::getargs::parse(vm, "round", args, &["number", "ndigits"], 1)?;
            let x = parsed[0].clone().unwrap_or(Value::None);
            let mut margs = vec![];
            if let Some(nd) = &parsed[1] {
                if !nd.is_none() {
                    margs.push(nd.clone());
                }
            }
            match abstract_::call_special(vm, &x, "__round__", margs)? {
                Some(r) => Ok(r),
                None => Err(vm.new_type_error(format!(
                    "type {} doesn't define __round__ method",
                    vm.type_name_of(&x)
                ))),
            }
        }),
        ("sum", builtin_sum),
        ("min", |vm, args| min_max(vm, args, "min", 0)),
        ("max", |vm, args| min_max(vm, args, "max", 4)),
        ("any", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "any", args)?;
            let it = abstract_::get_iter(vm, &v)?;
            while let Some(x) = abstract_::iter_next(vm, &it)? {
                if abstract_::is_true(vm, &x)? {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }),
        ("all", |vm, args| {
            let v = crate::getargs::exactly_one(vm, "all", args)?;
            let it = abstract_::get_iter(vm, &v)?;
            while let Some(x) = abstract_::iter_next(vm, &it)? {
                if !abstract_::is_true(vm, &x)? {
                    return Ok(Value::Bool(false));
                }
            }
            Ok(Value::Bool(true))
        }),
        ("sorted", |vm, mut args| {
            let kw = crate::getargs::take_keywords(vm, "sort", &mut args, &["key", "reverse"])?;
            let pos = crate::getargs::positional(vm, "sorted", args, 1, 1)?;
            let items = abstract_::collect_iterable(vm, pos[0].as_ref().unwrap_or(&Value::None))?;
            let list = vm.new_list(items);
            let mut kwargs = Vec::new();
            if let Some(k) = &kw[0] {
                kwargs.push((vm.intern("key"), k.clone()));
            }
            if let Some(r) = &kw[1] {
                kwargs.push((vm.intern("reverse"), r.clone()));
            }
            let sort = abstract_::getattr_str(vm, &list, "sort")?;
            vm.call(
                &sort,
                Args {
                    pos: vec![],
                    kw: kwargs,
                },
            )?;
            Ok(list)
        }),
        ("globals", |vm, _| {
            Ok(vm
                .frames
                .last()
                .map(|f| Value::Obj(f.globals.clone()))
                .unwrap_or(Value::None))
        }),
        ("locals", |vm, _| {
            let depth = vm.frames.len().saturating_sub(1);
            Ok(vm.locals_of_frame(depth))
        }),
        ("vars", |vm, args| {
            let pos = crate::getargs::positional(vm, "vars", args, 0, 1)?;
            match &pos[0] {
                None => {
                    let depth = vm.frames.len().saturating_sub(1);
                    Ok(vm.locals_of_frame(depth))
                }
                Some(v) => match abstract_::getattr_optional(vm, v, "__dict__")? {
                    Some(d) => Ok(d),
                    None => Err(vm
                        .new_type_error("vars() argument must have __dict__ attribute".to_owned())),
                },
            }
        }),
        ("dir", builtin_dir),
        ("input", builtin_input),
        ("exec", |vm, args| {
            crate::import::builtin_exec(vm, args, false)
        }),
        ("eval", |vm, args| {
            crate::import::builtin_exec(vm, args, true)
        }),
        ("compile", crate::import::builtin_compile),
        ("__import__", crate::import::builtin_import),
        ("__build_class__", build_class),
    ];
    for (name, f) in functions {
        let builtin = crate::objects::function::BuiltinFunction {
            name,
            func: f,
            this: None,
            module: Some("builtins"),
            doc: builtin_doc(name),
            wrapper_arity: None,
            slot: None,
            signature: None,
        };
        let v = Value::Obj(PyObject::new(
            vm.types.builtin_function.clone(),
            Payload::BuiltinFunction(builtin),
        ));
        dict::dict_set_str(vm, &d, name, v);
    }
    let modules = vm.modules.clone();
    dict::dict_set_str(vm, &modules, "builtins", Value::Obj(module));
}

fn attr_name(vm: &mut Vm, v: Option<&Value>) -> PyResult<ObjRef> {
    match v {
        Some(Value::Obj(o)) if o.str_data().is_some() => Ok(o.clone()),
        Some(other) => Err(vm.new_type_error(format!(
            "attribute name must be string, not '{}'",
            vm.type_name_of(other)
        ))),
        None => Err(vm.new_type_error("attribute name must be string".to_owned())),
    }
}

pub fn is_callable(_vm: &mut Vm, v: &Value) -> bool {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Function(_)
            | Payload::BuiltinFunction(_)
            | Payload::Method { .. }
            | Payload::Type(_)
            | Payload::MethodDescriptor(_) => true,
            _ => typeobject::lookup(&o.class(), "__call__").is_some(),
        },
        _ => false,
    }
}

fn radix(vm: &mut Vm, args: Args, name: &str, kind: char) -> PyResult<Value> {
    let v = crate::getargs::exactly_one(vm, name, args)?;
    let n = abstract_::index(vm, &v)?;
    let n = crate::objects::int::as_big(&n).unwrap_or_default();
    let s = crate::objects::format::format_int(vm, &n, &format!("#{kind}"))?;
    Ok(vm.new_str(s))
}

fn builtin_print(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let kw =
        crate::getargs::take_keywords(vm, "print", &mut args, &["sep", "end", "file", "flush"])?;
    let text_arg =
        |vm: &mut Vm, v: &Option<Value>, default: &str, what: &str| -> PyResult<String> {
            match v {
                None | Some(Value::None) => Ok(default.to_owned()),
                Some(v) => match abstract_::value_as_str(v) {
                    Some(s) => Ok(s.to_owned()),
                    None => Err(vm.new_type_error(format!(
                        "{what} must be None or a string, not {}",
                        vm.type_name_of(v)
                    ))),
                },
            }
        };
    let file = match &kw[2] {
        None | Some(Value::None) => {
            let stdout = crate::sys::std_stream(vm, "stdout");
            // CPython prints nothing when there is no sys.stdout.
            if stdout.is_none() {
                return Ok(Value::None);
            }
            stdout
        }
        Some(f) => f.clone(),
    };
    let sep = text_arg(vm, &kw[0], " ", "sep")?;
    let end = text_arg(vm, &kw[1], "\n", "end")?;
    if vm
        .stream_hooks
        .is_text_stream
        .is_some_and(|known| known(&file))
    {
        // One write for the whole line: nothing else can observe the pieces.
        let mut out = String::new();
        for (i, v) in args.pos.iter().enumerate() {
            if i > 0 {
                out.push_str(&sep);
            }
            out.push_str(&abstract_::str_string(vm, v)?);
        }
        out.push_str(&end);
        crate::sys::stream_write(vm, &file, &out)?;
    } else {
        // `file.write` for each piece, as CPython calls it.
        for (i, v) in args.pos.iter().enumerate() {
            if i > 0 {
                write_to(vm, &file, &sep)?;
            }
            let text = abstract_::str_(vm, v)?;
            vm.call_method(&file, "write", vec![text])?;
        }
        write_to(vm, &file, &end)?;
    }
    if let Some(flush) = &kw[3] {
        if abstract_::is_true(vm, flush)? {
            crate::sys::stream_flush(vm, &file)?;
        }
    }
    Ok(Value::None)
}

fn write_to(vm: &mut Vm, file: &Value, s: &str) -> PyResult<()> {
    let text = vm.new_str(s.to_owned());
    vm.call_method(file, "write", vec![text])?;
    Ok(())
}

/// `input(prompt)`: the prompt to `sys.stdout`, then a line of `sys.stdin` without
/// its newline (CPython's fallback for streams that are not the console's).
fn builtin_input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = crate::getargs::positional(vm, "input", args, 0, 1)?;
    let stdin = crate::sys::std_stream(vm, "stdin");
    let stdout = crate::sys::std_stream(vm, "stdout");
    let stderr = crate::sys::std_stream(vm, "stderr");
    for (stream, name) in [(&stdin, "stdin"), (&stdout, "stdout"), (&stderr, "stderr")] {
        if stream.is_none() {
            return Err(vm.new_runtime_error(format!("input(): lost sys.{name}")));
        }
    }
    let _ = crate::sys::stream_flush(vm, &stderr);
    if let Some(prompt) = &pos[0] {
        let text = abstract_::str_string(vm, prompt)?;
        crate::sys::stream_write(vm, &stdout, &text)?;
    }
    let _ = crate::sys::stream_flush(vm, &stdout);
    let fast = vm
        .stream_hooks
        .readline
        .and_then(|readline| readline(vm, &stdin));
    let mut line = match fast {
        Some(line) => line?,
        None => {
            let line = vm.call_method(&stdin, "readline", vec![])?;
            match abstract_::value_as_str(&line) {
                Some(s) => s.to_owned(),
                None => {
                    return Err(
                        vm.new_type_error("object.readline() returned non-string".to_owned())
                    )
                }
            }
        }
    };
    if line.is_empty() {
        return Err(vm.new_error(Exc::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
    }
    Ok(vm.new_str(line))
}

fn class_check(
    vm: &mut Vm,
    obj_class_or_sub: &Value,
    cls: &Value,
    instance: bool,
) -> PyResult<bool> {
    if let Some(items) = abstract_::tuple_items(cls) {
        for c in items {
            if class_check(vm, obj_class_or_sub, &c, instance)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    if vm.isinstance(cls, &vm.union_type.clone()) {
        let members = abstract_::getattr_str(vm, cls, "__args__")?;
        return class_check(vm, obj_class_or_sub, &members, instance);
    }
    let Value::Obj(c) = cls else {
        let what = if instance {
            "isinstance() arg 2"
        } else {
            "issubclass() arg 2"
        };
        return Err(vm.new_type_error(format!(
            "{what} must be a type, a tuple of types, or a union"
        )));
    };
    if c.type_data().is_none() {
        let what = if instance {
            "isinstance() arg 2"
        } else {
            "issubclass() arg 2"
        };
        return Err(vm.new_type_error(format!(
            "{what} must be a type, a tuple of types, or a union"
        )));
    }
    let meta = c.class();
    let hook = if instance {
        "__instancecheck__"
    } else {
        "__subclasscheck__"
    };
    if !std::rc::Rc::ptr_eq(&meta, &vm.types.type_) {
        if let Some(h) = typeobject::lookup(&meta, hook) {
            let r = abstract_::call_unbound(vm, &h, cls, vec![obj_class_or_sub.clone()])?;
            return abstract_::is_true(vm, &r);
        }
    }
    if instance {
        Ok(vm.isinstance(obj_class_or_sub, c))
    } else {
        match obj_class_or_sub {
            Value::Obj(s) if s.type_data().is_some() => Ok(typeobject::is_subtype(s, c)),
            _ => Err(vm.new_type_error("issubclass() arg 1 must be a class".to_owned())),
        }
    }
}

/// `isinstance(obj, cls)` with `__instancecheck__` honoured.
pub fn is_instance_of(vm: &mut Vm, obj: &Value, cls: &Value) -> PyResult<bool> {
    class_check(vm, obj, cls, true)
}

/// `issubclass(sub, cls)` with `__subclasscheck__` honoured.
pub fn is_subclass_of(vm: &mut Vm, sub: &Value, cls: &Value) -> PyResult<bool> {
    class_check(vm, sub, cls, false)
}

fn builtin_isinstance(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = crate::getargs::positional(vm, "isinstance", args, 2, 2)?;
    let r = class_check(
        vm,
        pos[0].as_ref().unwrap_or(&Value::None),
        pos[1].as_ref().unwrap_or(&Value::None),
        true,
    )?;
    Ok(Value::Bool(r))
}

fn builtin_issubclass(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = crate::getargs::positional(vm, "issubclass", args, 2, 2)?;
    let r = class_check(
        vm,
        pos[0].as_ref().unwrap_or(&Value::None),
        pos[1].as_ref().unwrap_or(&Value::None),
        false,
    )?;
    Ok(Value::Bool(r))
}

fn builtin_sum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let parsed = crate::getargs::parse(vm, "sum", args, &["iterable", "start"], 1)?;
    let mut acc = parsed[1].clone().unwrap_or(Value::Int(0));
    if abstract_::value_as_str(&acc).is_some() {
        return Err(
            vm.new_type_error("sum() can't sum strings [use ''.join(seq) instead]".to_owned())
        );
    }
    if crate::objects::bytes::as_bytes(&acc).is_some() {
        return Err(
            vm.new_type_error("sum() can't sum bytes [use b''.join(seq) instead]".to_owned())
        );
    }
    let it = abstract_::get_iter(vm, parsed[0].as_ref().unwrap_or(&Value::None))?;
    while let Some(x) = abstract_::iter_next(vm, &it)? {
        acc = abstract_::binary_op(vm, &acc, &x, 0)?;
    }
    Ok(acc)
}

fn min_max(vm: &mut Vm, mut args: Args, name: &str, op: usize) -> PyResult<Value> {
    let kw = crate::getargs::take_keywords(vm, name, &mut args, &["key", "default"])?;
    let key = kw[0].clone().filter(|k| !k.is_none());
    let items = match args.pos.len() {
        0 => return Err(vm.new_type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => {
            let only = args.pos.first().cloned().unwrap_or(Value::None);
            abstract_::collect_iterable(vm, &only)?
        }
        _ => {
            if kw[1].is_some() {
                return Err(vm.new_type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            args.pos
        }
    };
    let mut best: Option<(Value, Value)> = None;
    for item in items {
        let k = match &key {
            Some(f) => vm.call1(f, vec![item.clone()])?,
            None => item.clone(),
        };
        best = match best {
            None => Some((k, item)),
            Some((bk, bi)) => {
                let r = abstract_::compare(vm, &k, &bk, op)?;
                if abstract_::is_true(vm, &r)? {
                    Some((k, item))
                } else {
                    Some((bk, bi))
                }
            }
        };
    }
    match best {
        Some((_, item)) => Ok(item),
        None => match &kw[1] {
            Some(d) => Ok(d.clone()),
            None => Err(vm.new_value_error(format!("{name}() arg is an empty sequence"))),
        },
    }
}

fn builtin_dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let pos = crate::getargs::positional(vm, "dir", args, 0, 1)?;
    let names = match &pos[0] {
        None => {
            let depth = vm.frames.len().saturating_sub(1);
            let locals = vm.locals_of_frame(depth);
            abstract_::mapping_keys(vm, &locals)?
        }
        Some(v) => {
            if let Value::Obj(o) = v {
                if let Payload::Type(t) = &o.payload {
                    let mut names = Vec::new();
                    for c in t.mro.borrow().iter() {
                        names.extend(
                            dict::dict_items(&typeobject::type_data(c).dict)
                                .into_iter()
                                .map(|(k, _)| k),
                        );
                    }
                    let l = vm.new_list(names);
                    return sorted_unique(vm, l);
                }
            }
            let r = vm.call_method(v, "__dir__", vec![])?;
            abstract_::collect_iterable(vm, &r)?
        }
    };
    let l = vm.new_list(names);
    sorted_unique(vm, l)
}

fn sorted_unique(vm: &mut Vm, list: Value) -> PyResult<Value> {
    let items = abstract_::collect_iterable(vm, &list)?;
    let mut strs: Vec<String> = items
        .iter()
        .filter_map(|v| abstract_::value_as_str(v).map(str::to_owned))
        .collect();
    strs.sort();
    strs.dedup();
    let values = strs.into_iter().map(|s| vm.new_str(s)).collect();
    Ok(vm.new_list(values))
}

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`.
fn build_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut pos = args.pos.into_iter();
    let (Some(func), Some(name)) = (pos.next(), pos.next()) else {
        return Err(vm.new_type_error("__build_class__: not enough arguments".to_owned()));
    };
    let orig_bases: Vec<Value> = pos.collect();
    let keywords = args.kw;
    let Value::Obj(func_obj) = &func else {
        return Err(vm.new_type_error("__build_class__: func must be a function".to_owned()));
    };
    if !matches!(func_obj.payload, Payload::Function(_)) {
        return Err(vm.new_type_error("__build_class__: func must be a function".to_owned()));
    }
    if abstract_::value_as_str(&name).is_none() {
        return Err(vm.new_type_error("__build_class__: name is not a string".to_owned()));
    }
    // PEP 560: `__mro_entries__` of non-class bases.
    let mut bases = Vec::new();
    let mut changed = false;
    for b in &orig_bases {
        if let Value::Obj(o) = b {
            if o.type_data().is_none() {
                if let Some(r) = abstract_::getattr_optional(vm, b, "__mro_entries__")? {
                    let t = vm.new_tuple(orig_bases.clone());
                    let entries = vm.call1(&r, vec![t])?;
                    bases.extend(abstract_::tuple_items(&entries).unwrap_or_default());
                    changed = true;
                    continue;
                }
            }
        }
        bases.push(b.clone());
    }
    let mut metaclass = None;
    let mut kwds = Vec::new();
    for (k, v) in keywords {
        if abstract_::obj_as_str(&k) == Some("metaclass") {
            metaclass = Some(v);
        } else {
            kwds.push((k, v));
        }
    }
    let is_class = metaclass
        .as_ref()
        .is_none_or(|m| matches!(m, Value::Obj(o) if o.type_data().is_some()));
    let mut meta = match metaclass {
        Some(m) => m,
        None => match bases.first() {
            Some(b) => Value::Obj(vm.type_of(b)),
            None => Value::Obj(vm.types.type_.clone()),
        },
    };
    if is_class {
        // The most derived metaclass among the explicit one and the bases' metaclasses.
        if let Value::Obj(mut winner) = meta.clone() {
            for b in &bases {
                let bm = vm.type_of(b);
                if typeobject::is_subtype(&winner, &bm) {
                    continue;
                }
                if typeobject::is_subtype(&bm, &winner) {
                    winner = bm;
                    continue;
                }
                return Err(vm.new_type_error("metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases".to_owned()));
            }
            meta = Value::Obj(winner);
        }
    }
    let bases_tuple = vm.new_tuple(bases.clone());
    let ns = match abstract_::getattr_optional(vm, &meta, "__prepare__")? {
        Some(prepare) => vm.call(
            &prepare,
            Args {
                pos: vec![name.clone(), bases_tuple.clone()],
                kw: kwds.clone(),
            },
        )?,
        None => Value::Obj(vm.new_dict()),
    };
    let Payload::Function(fdata) = &func_obj.payload else {
        unreachable!("checked above")
    };
    let code = fdata.code_data();
    let base = vm.stack.len();
    vm.stack.resize(base + code.nlocalsplus(), None);
    let mut frame = crate::frame::Frame::new(
        code,
        fdata.globals.clone(),
        fdata.builtins.clone(),
        Some(ns.clone()),
        base,
    );
    frame.func = Some(func_obj.clone());
    let cell = match vm.run_frame(frame)? {
        crate::eval::FrameExit::Return(v) | crate::eval::FrameExit::Yield(v) => v,
    };
    if changed {
        let key = Value::Obj(vm.intern("__orig_bases__"));
        let value = vm.new_tuple(orig_bases);
        abstract_::setitem(vm, &ns, key, value)?;
    }
    let class = vm.call(
        &meta,
        Args {
            pos: vec![name, bases_tuple, ns],
            kw: kwds,
        },
    )?;
    if let Value::Obj(c) = &cell {
        if let Payload::Cell(cell) = &c.payload {
            if let Value::Obj(k) = &class {
                if k.type_data().is_some() {
                    *cell.borrow_mut() = Some(class.clone());
                }
            }
        }
    }
    Ok(class)
}

/// One-line descriptions of the builtin functions, for `__doc__` and `help()`.
fn builtin_doc(name: &str) -> Option<&'static str> {
    Some(match name {
        "print" => "Print the values to a stream, or to sys.stdout by default.",
        "len" => "Return the number of items in a container.",
        "repr" => "Return the canonical string representation of the object.",
        "ascii" => "Return an ASCII-only representation of an object.",
        "hash" => "Return the hash value for the given object.",
        "id" => "Return the identity of an object.",
        "abs" => "Return the absolute value of the argument.",
        "callable" => "Return whether the object is callable.",
        "chr" => "Return a Unicode string of one character with the given ordinal.",
        "ord" => "Return the Unicode code point for a one-character string.",
        "hex" => "Return the hexadecimal representation of an integer.",
        "oct" => "Return the octal representation of an integer.",
        "bin" => "Return the binary representation of an integer.",
        "isinstance" => {
            "Return whether an object is an instance of a class or of a subclass thereof."
        }
        "issubclass" => "Return whether 'cls' is derived from another class or is the same class.",
        "getattr" => "Get a named attribute from an object, with an optional default.",
        "setattr" => "Set the named attribute on the given object to the specified value.",
        "delattr" => "Delete the named attribute from the given object.",
        "hasattr" => "Return whether the object has an attribute with the given name.",
        "iter" => "Get an iterator from an object, or call a function until it returns a sentinel.",
        "next" => "Return the next item from the iterator, or a default when it is exhausted.",
        "format" => "Return value.__format__(format_spec).",
        "divmod" => "Return the tuple (x//y, x%y).",
        "pow" => "Equivalent to base**exp with 2 arguments or base**exp % mod with 3 arguments.",
        "round" => "Round a number to a given precision in decimal digits.",
        "sum" => "Return the sum of a 'start' value (default: 0) plus an iterable of numbers.",
        "min" => "Return the smallest item of an iterable or of two or more arguments.",
        "max" => "Return the largest item of an iterable or of two or more arguments.",
        "any" => "Return True if bool(x) is True for any x in the iterable.",
        "all" => "Return True if bool(x) is True for all values x in the iterable.",
        "sorted" => "Return a new list containing all items from the iterable in ascending order.",
        "globals" => "Return the dictionary containing the current scope's global variables.",
        "locals" => "Return a dictionary containing the current scope's local variables.",
        "vars" => "Without arguments, equivalent to locals(); with an argument, its __dict__.",
        "dir" => "Show the names in the current scope or the attributes of an object.",
        "input" => "Read a string from standard input; the trailing newline is stripped.",
        "open" => "Open file and return a stream.",
        "exec" => "Execute the given source in the context of globals and locals.",
        "eval" => "Evaluate the given source in the context of globals and locals.",
        "compile" => "Compile source into a code object that can be executed by exec() or eval().",
        "__import__" => "Import a module.",
        "__build_class__" => "Internal helper function used by the class statement.",
        _ => return None,
    })
}
