//! The `_thread` module (CPython's `Modules/_threadmodule.c`) for an interpreter
//! that runs one thread: locks that are always free to take, the current thread's
//! identity, and `start_new_thread` refusing.

use std::cell::Cell;

use crate::native::{
    native_data, new_native_object, new_native_type, MethodDef, NativeData, NativeTypeSpec,
};
use crate::object::ObjRef;
use crate::objects::function::{Args, NativeFn};
use crate::objects::new_builtin_function;
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{abstract_, PyResult, Vm};

/// The state of a lock: how many times it is held (one thread runs, so the holder is
/// always the current thread).
struct Lock {
    count: Cell<i64>,
    reentrant: bool,
}

impl NativeData for Lock {
    fn holds_values(&self) -> bool {
        false
    }
}

const LOCK_METHODS: &[MethodDef] = &[
    MethodDef::method("acquire", lock_acquire).with_signature(&ACQUIRE),
    MethodDef::method("__enter__", lock_enter),
    MethodDef::method("release", lock_release).with_signature(&RELEASE),
    MethodDef::method("__exit__", lock_exit).with_signature(&EXIT),
    MethodDef::method("locked", lock_locked).with_signature(&LOCKED),
    MethodDef::method("_at_fork_reinit", lock_at_fork_reinit).with_signature(&AT_FORK_REINIT),
];

/// `_thread._local`: with one thread, the thread-local namespace is the object's
/// own `__dict__`.
static LOCAL_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Thread-local data"),
    subclassable: true,
    instance_dict: true,
    weakrefable: true,
    new: Some(local_new),
    ..NativeTypeSpec::new("_local", "_thread")
};

struct Local;

impl NativeData for Local {
    fn holds_values(&self) -> bool {
        false
    }
}

fn local_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Obj(class)) = args.pos.first().cloned() else {
        return Err(vm.new_type_error("_local.__new__(X): X is not a type object".to_owned()));
    };
    if args.pos.len() > 1 || !args.kw.is_empty() {
        let init = crate::objects::typeobject::lookup(&class, "__init__");
        let object_init = crate::objects::typeobject::lookup(&vm.types.object, "__init__");
        if matches!((&init, &object_init), (Some(a), Some(b)) if a.is(b)) {
            return Err(vm.new_type_error("Initialization arguments are not supported".to_owned()));
        }
    }
    Ok(new_native_object(vm, &class, Local))
}

static LOCK_TYPE: NativeTypeSpec = NativeTypeSpec {
    slots: &[NativeSlot::Repr(lock_repr)],
    methods: LOCK_METHODS,
    weakrefable: true,
    ..NativeTypeSpec::new("lock", "_thread")
};

static RLOCK_TYPE: NativeTypeSpec = NativeTypeSpec {
    subclassable: true,
    new: Some(rlock_new),
    slots: &[NativeSlot::Repr(lock_repr)],
    methods: &[
        MethodDef::method("acquire", lock_acquire).with_signature(&ACQUIRE),
        MethodDef::method("__enter__", lock_enter),
        MethodDef::method("release", lock_release).with_signature(&RELEASE),
        MethodDef::method("__exit__", lock_exit).with_signature(&EXIT),
        MethodDef::method("_is_owned", lock_is_owned).with_signature(&IS_OWNED),
        MethodDef::method("_at_fork_reinit", lock_at_fork_reinit).with_signature(&AT_FORK_REINIT),
    ],
    weakrefable: true,
    ..NativeTypeSpec::new("RLock", "_thread")
};

static ACQUIRE: Signature =
    Signature::unlisted("lock", "acquire", "($self, /, blocking=True, timeout=-1)");
// lock and RLock share these; their messages name the lock's class.
static RELEASE: Signature = Signature::shared("release", "($self, /)").not_listed();
// `METH_VARARGS`: the exception details are ignored; messages print the bare name.
static EXIT: Signature = Signature::new("__exit__", "($self, /, *args)").not_listed();
static LOCKED: Signature = Signature::shared("locked", "($self, /)").not_listed();
static IS_OWNED: Signature = Signature::shared("_is_owned", "($self, /)").not_listed();
static AT_FORK_REINIT: Signature = Signature::shared("_at_fork_reinit", "($self, /)").not_listed();

/// The `_thread` module's state: the lock type `allocate_lock` makes.
struct ThreadState {
    lock_type: ObjRef,
}

fn this_lock<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Lock> {
    native_data::<Lock>(this).ok_or_else(|| {
        let given = vm.type_name_of(this);
        vm.new_type_error(format!(
            "descriptor requires a '_thread.lock' object but received a '{given}'"
        ))
    })
}

/// Takes the lock. With one thread nothing else can release a plain lock already
/// held, so a wait with a timeout sleeps it out (signal handlers still run) and fails,
/// and a wait without one, which would never end, is an error.
fn acquire(vm: &mut Vm, this: &Value, wait: Wait) -> PyResult<Value> {
    let lock = this_lock(vm, this)?;
    if lock.count.get() > 0 && !lock.reentrant {
        return match wait {
            Wait::Forever => {
                Err(vm.new_runtime_error("deadlock: lock already held by this thread".to_owned()))
            }
            Wait::Seconds(seconds) => {
                vm.sleep(seconds)?;
                Ok(Value::Bool(false))
            }
        };
    }
    lock.count.set(lock.count.get() + 1);
    Ok(Value::Bool(true))
}

/// How long `acquire` may wait for a held lock.
enum Wait {
    Forever,
    Seconds(f64),
}

/// `acquire`'s arguments as CPython reads them: `blocking` a C int, `timeout` a number
/// of seconds where -1 means no limit.
fn acquire_wait(vm: &mut Vm, blocking: Option<Value>, timeout: Option<Value>) -> PyResult<Wait> {
    let blocking = match blocking {
        Some(b) => abstract_::index_c_int(vm, &b)? != 0,
        None => true,
    };
    let timeout = match timeout {
        Some(t) => Some(crate::pytime::seconds_from_object(vm, &t)?).filter(|&t| t != -1.0),
        None => None,
    };
    match (blocking, timeout) {
        (false, Some(_)) => {
            Err(vm.new_value_error("can't specify a timeout for a non-blocking call".to_owned()))
        }
        (_, Some(t)) if t < 0.0 => {
            Err(vm.new_value_error("timeout value must be positive".to_owned()))
        }
        (false, None) => Ok(Wait::Seconds(0.0)),
        (true, None) => Ok(Wait::Forever),
        (true, Some(t)) => Ok(Wait::Seconds(t)),
    }
}

fn lock_acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [blocking, timeout]) = ACQUIRE.bind(vm, args)?;
    let wait = acquire_wait(vm, blocking, timeout)?;
    acquire(vm, &this.unwrap_or(Value::None), wait)
}

fn lock_enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    // `__enter__` is `acquire` itself in CPython, messages included.
    let (this, [blocking, timeout]) = ACQUIRE.bind(vm, args)?;
    let wait = acquire_wait(vm, blocking, timeout)?;
    acquire(vm, &given(this), wait)
}

fn release(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let lock = this_lock(vm, this)?;
    if lock.count.get() == 0 {
        let message = if lock.reentrant {
            "cannot release un-acquired lock"
        } else {
            "release unlocked lock"
        };
        return Err(vm.new_runtime_error(message.to_owned()));
    }
    lock.count.set(lock.count.get() - 1);
    Ok(Value::None)
}

fn lock_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RELEASE.bind(vm, args)?;
    release(vm, &given(this))
}

fn lock_exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = EXIT.bind_all::<0>(vm, args)?;
    release(vm, &given(bound.this))
}

fn lock_locked(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = LOCKED.bind(vm, args)?;
    let held = this_lock(vm, &given(this))?.count.get() > 0;
    Ok(Value::Bool(held))
}

fn lock_is_owned(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = IS_OWNED.bind(vm, args)?;
    let held = this_lock(vm, &given(this))?.count.get() > 0;
    Ok(Value::Bool(held))
}

fn lock_at_fork_reinit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = AT_FORK_REINIT.bind(vm, args)?;
    this_lock(vm, &given(this))?.count.set(0);
    Ok(Value::None)
}

fn lock_repr(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let lock = this_lock(vm, this)?;
    let count = lock.count.get();
    let state = if count > 0 { "locked" } else { "unlocked" };
    let id = this.as_obj().map(crate::object::object_id).unwrap_or(0);
    let name = vm.type_name_of(this);
    let text = if lock.reentrant {
        let owner = if count > 0 { thread_ident() } else { 0 };
        format!("<{state} {name} object owner={owner} count={count} at {id:#x}>")
    } else {
        format!("<{state} {name} object at {id:#x}>")
    };
    Ok(vm.new_str(text))
}

fn rlock_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let cls = match args.pos.first() {
        Some(Value::Obj(cls)) if cls.type_data().is_some() => cls.clone(),
        _ => return Err(vm.new_type_error("RLock.__new__(X): X is not a type object".to_owned())),
    };
    let lock = Lock {
        count: Cell::new(0),
        reentrant: true,
    };
    Ok(new_native_object(vm, &cls, lock))
}

static EXCEPTHOOK: Signature = Signature::of("_thread", "_excepthook", "($module, hookargs, /)");

/// `threading.excepthook`'s default: reports an exception that ended a thread to
/// `sys.stderr` (`SystemExit` silently ends it).
fn excepthook(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [hookargs] = EXCEPTHOOK.bind_args(vm, args)?;
    let hookargs = hookargs.unwrap_or(Value::None);
    let items =
        abstract_::tuple_items(&hookargs).and_then(|items| <[Value; 4]>::try_from(items).ok());
    let Some([exc_type, exc_value, _traceback, thread]) = items else {
        return Err(vm.new_type_error(
            "_thread._excepthook argument type must be ExceptHookArgs".to_owned(),
        ));
    };
    if let Value::Obj(t) = &exc_type {
        if std::rc::Rc::ptr_eq(t, vm.exc(Exc::SystemExit)) {
            return Ok(Value::None);
        }
    }
    let sys = crate::objects::module::module_dict(&vm.sys).expect("sys has a namespace");
    let stderr = match crate::objects::dict::dict_get_str(&sys, "stderr") {
        Some(f) if !f.is_none() => f,
        // Without sys.stderr, the thread's own saved stream, if any.
        _ => match abstract_::getattr_optional(vm, &thread, "_stderr")? {
            Some(f) if !f.is_none() => f,
            _ => return Ok(Value::None),
        },
    };
    let name = if thread.is_none() {
        None
    } else {
        abstract_::getattr_optional(vm, &thread, "name")?
    };
    let name = match name {
        Some(n) if !n.is_none() => abstract_::str_string(vm, &n)?,
        _ => thread_ident().to_string(),
    };
    let mut text = format!("Exception in thread {name}:\n");
    if exc_value.is_none() {
        text.push_str(&format!("{}\n", abstract_::str_string(vm, &exc_type)?));
    } else {
        text.push_str(&crate::exc::format_exception(vm, &exc_value));
    }
    let message = vm.new_str(text);
    vm.call_method(&stderr, "write", vec![message])?;
    if let Some(flush) = abstract_::getattr_optional(vm, &stderr, "flush")? {
        vm.call1(&flush, vec![])?;
    }
    Ok(Value::None)
}

/// A new plain lock, not held.
fn new_lock(vm: &mut Vm) -> PyResult<Value> {
    let Some(state) = vm.module_state::<ThreadState>() else {
        return Err(vm.new_runtime_error("_thread is not initialised".to_owned()));
    };
    let lock = Lock {
        count: Cell::new(0),
        reentrant: false,
    };
    Ok(new_native_object(vm, &state.lock_type, lock))
}

/// The running thread's identifier (`threading.get_ident()`): its POSIX thread
/// handle, as CPython's, so that `signal.pthread_kill(get_ident(), ...)` reaches it.
pub fn thread_ident() -> i64 {
    // SAFETY: `pthread_self` has no preconditions.
    let handle = unsafe { libc::pthread_self() };
    handle as i64
}

/// The kernel's identifier of the running thread (`threading.get_native_id()`).
pub fn native_thread_id() -> i64 {
    // SAFETY: `gettid` has no preconditions.
    i64::from(unsafe { libc::gettid() })
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = crate::objects::module::new_module(vm, "_thread");
    let d = crate::objects::module::module_dict(&m).expect("a module");
    let lock = new_native_type(vm, &LOCK_TYPE, None);
    let rlock = new_native_type(vm, &RLOCK_TYPE, None);
    vm.set_module_state(ThreadState {
        lock_type: lock.clone(),
    });
    crate::objects::dict::dict_set_str(vm, &d, "LockType", Value::Obj(lock.clone()));
    crate::objects::dict::dict_set_str(vm, &d, "RLock", Value::Obj(rlock));
    let local = new_native_type(vm, &LOCAL_TYPE, None);
    crate::objects::dict::dict_set_str(vm, &d, "_local", Value::Obj(local));
    let runtime_error = Value::Obj(vm.exc(Exc::RuntimeError).clone());
    crate::objects::dict::dict_set_str(vm, &d, "error", runtime_error);
    crate::objects::dict::dict_set_str(vm, &d, "TIMEOUT_MAX", Value::Float(9223372036.0));
    let functions: [(&'static str, NativeFn); 9] = [
        ("get_ident", |_, _| Ok(Value::Int(thread_ident()))),
        ("get_native_id", |_, _| Ok(Value::Int(native_thread_id()))),
        ("_count", |_, _| Ok(Value::Int(0))),
        ("stack_size", |_, _| Ok(Value::Int(0))),
        ("daemon_threads_allowed", |_, _| Ok(Value::Bool(true))),
        ("allocate_lock", |vm, _| new_lock(vm)),
        // The lock `threading` holds for the main thread while it runs.
        ("_set_sentinel", |vm, _| new_lock(vm)),
        ("exit", |vm, _| {
            let class = vm.exc(Exc::SystemExit).clone();
            Err(crate::objects::exceptions::new_exception(
                vm,
                &class,
                vec![],
            ))
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
    let hook_args = crate::objects::structseq::new_type(
        vm,
        "_thread",
        "_ExceptHookArgs",
        &["exc_type", "exc_value", "exc_traceback", "thread"],
    );
    crate::objects::dict::dict_set_str(vm, &d, "_ExceptHookArgs", Value::Obj(hook_args));
    let hook = crate::native::MethodDef::staticmethod("_excepthook", excepthook)
        .with_signature(&EXCEPTHOOK)
        .with_doc("Handle uncaught Thread.run() exception.");
    crate::native::add_module_functions(vm, &d, "_thread", std::slice::from_ref(&hook));
    for (alias, name) in [
        ("allocate", "allocate_lock"),
        ("exit_thread", "exit"),
        ("start_new", "start_new_thread"),
    ] {
        let f = crate::objects::dict::dict_get_str(&d, name).unwrap_or(Value::None);
        crate::objects::dict::dict_set_str(vm, &d, alias, f);
    }
    Ok(m)
}
