//! The `_thread` module (CPython's `Modules/_threadmodule.c`) for an interpreter
//! that runs one thread: locks that are always free to take, the current thread's
//! identity, and `start_new_thread` refusing.

use crate::object::ObjRef;
use crate::objects::function::{Args, NativeFn};
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_method, new_builtin_function, this};
use crate::value::Value;
use crate::{abstract_, PyResult, Vm};

fn lock_class(vm: &mut Vm, name: &str, reentrant: bool) -> ObjRef {
    let ns = vm.new_dict();
    let module = vm.new_str("_thread");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let ty =
        typeobject::new_heap_type(vm, &metatype, name, vec![object], &ns).expect("a plain class");
    let acquire: NativeFn = |vm, args| {
        let me = this(&args);
        let count = held(vm, &me);
        let reentrant = abstract_::getattr_optional(vm, &me, "_reentrant")?
            .is_some_and(|v| matches!(v, Value::Bool(true)));
        if count > 0 && !reentrant {
            // One thread only: waiting on a held plain lock would wait forever.
            let blocking = args
                .pos
                .get(1)
                .is_none_or(|b| !matches!(b, Value::Bool(false)));
            if blocking {
                return Err(
                    vm.new_runtime_error("deadlock: lock already held by this thread".to_owned())
                );
            }
            return Ok(Value::Bool(false));
        }
        abstract_::setattr_str(vm, &me, "_count", Value::Int(count + 1))?;
        Ok(Value::Bool(true))
    };
    let release: NativeFn = |vm, args| {
        let me = this(&args);
        let count = held(vm, &me);
        if count == 0 {
            return Err(vm.new_runtime_error("release unlocked lock".to_owned()));
        }
        abstract_::setattr_str(vm, &me, "_count", Value::Int(count - 1))?;
        Ok(Value::None)
    };
    add_method(vm, &ty, "acquire", acquire);
    add_method(vm, &ty, "__enter__", acquire);
    add_method(vm, &ty, "release", release);
    add_method(vm, &ty, "__exit__", release);
    add_method(vm, &ty, "locked", |vm, args| {
        let me = this(&args);
        Ok(Value::Bool(held(vm, &me) > 0))
    });
    add_method(vm, &ty, "_is_owned", |vm, args| {
        let me = this(&args);
        Ok(Value::Bool(held(vm, &me) > 0))
    });
    add_method(vm, &ty, "_at_fork_reinit", |_, _| Ok(Value::None));
    let dict = type_data(&ty).dict.clone();
    crate::objects::dict::dict_set_str(vm, &dict, "_reentrant", Value::Bool(reentrant));
    crate::objects::dict::dict_set_str(vm, &dict, "_count", Value::Int(0));
    ty
}

fn held(vm: &mut Vm, lock: &Value) -> i64 {
    abstract_::getattr_optional(vm, lock, "_count")
        .ok()
        .flatten()
        .and_then(|v| crate::objects::int::as_i64(&v))
        .unwrap_or(0)
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = crate::objects::module::new_module(vm, "_thread");
    let d = crate::objects::module::module_dict(&m).expect("a module");
    let lock = lock_class(vm, "lock", false);
    let rlock = lock_class(vm, "RLock", true);
    crate::objects::dict::dict_set_str(vm, &d, "LockType", Value::Obj(lock.clone()));
    crate::objects::dict::dict_set_str(vm, &d, "lock", Value::Obj(lock.clone()));
    crate::objects::dict::dict_set_str(vm, &d, "RLock", Value::Obj(rlock));
    let runtime_error = Value::Obj(vm.exception_type("RuntimeError"));
    crate::objects::dict::dict_set_str(vm, &d, "error", runtime_error);
    crate::objects::dict::dict_set_str(vm, &d, "TIMEOUT_MAX", Value::Float(9223372036.0));
    let functions: [(&'static str, NativeFn); 7] = [
        ("get_ident", |_, _| {
            Ok(Value::Int(std::process::id() as i64))
        }),
        ("get_native_id", |_, _| {
            Ok(Value::Int(std::process::id() as i64))
        }),
        ("_count", |_, _| Ok(Value::Int(0))),
        ("stack_size", |_, _| Ok(Value::Int(0))),
        ("daemon_threads_allowed", |_, _| Ok(Value::Bool(true))),
        ("allocate_lock", |vm, _| {
            let d = vm.modules.clone();
            let module = crate::objects::dict::dict_get_str(&d, "_thread").unwrap_or(Value::None);
            let lock = abstract_::getattr_str(vm, &module, "LockType")?;
            vm.call1(&lock, vec![])
        }),
        ("start_new_thread", |vm, _: Args| {
            Err(vm
                .new_runtime_error("can't start new thread: Krait runs a single thread".to_owned()))
        }),
    ];
    for (name, f) in functions {
        let v = new_builtin_function(vm, name, f, Some("_thread"));
        crate::objects::dict::dict_set_str(vm, &d, name, v);
    }
    let allocate = crate::objects::dict::dict_get_str(&d, "allocate_lock").unwrap_or(Value::None);
    crate::objects::dict::dict_set_str(vm, &d, "allocate", allocate);
    Ok(m)
}
