//! The builtin exception hierarchy (CPython's `Objects/exceptions.c`).

use std::cell::RefCell;
use std::rc::Rc;

use crate::abstract_;
use crate::object::{MemberKind, ObjRef, Payload, PyObject};
use crate::objects::dict;
use crate::objects::function::Args;
use crate::objects::traceback::TracebackData;
use crate::objects::typeobject::{self, new_builtin_type, type_data, Layout};
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyErr, PyResult, Vm};

pub struct ExceptionData {
    pub args: Value,
    /// `characters_written` of an OSError (BlockingIOError's count); -1 unset.
    pub written: i64,
    pub traceback: Option<ObjRef>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

/// Declares the builtin exception classes: `Name(Base)` in definition order, each
/// base before its subclasses. Gives the `Exc` handle type and its table.
macro_rules! exception_hierarchy {
    (@base object) => { None };
    (@base $base:ident) => { Some(Exc::$base) };
    ($($name:ident($base:ident),)*) => {
        /// A typed handle for a builtin exception class: `vm.exc(Exc::TypeError)`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Exc {
            $($name,)*
        }

        impl Exc {
            /// Every builtin exception class, each base before its subclasses.
            pub const ALL: &'static [Exc] = &[$(Exc::$name,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Exc::$name => stringify!($name),)*
                }
            }

            /// The single base of the class (`ExceptionGroup` gains `Exception` too).
            fn base(self) -> Option<Exc> {
                match self {
                    $(Exc::$name => exception_hierarchy!(@base $base),)*
                }
            }
        }
    };
}

exception_hierarchy! {
    BaseException(object),
    BaseExceptionGroup(BaseException),
    GeneratorExit(BaseException),
    KeyboardInterrupt(BaseException),
    SystemExit(BaseException),
    Exception(BaseException),
    ArithmeticError(Exception),
    FloatingPointError(ArithmeticError),
    OverflowError(ArithmeticError),
    ZeroDivisionError(ArithmeticError),
    AssertionError(Exception),
    AttributeError(Exception),
    BufferError(Exception),
    EOFError(Exception),
    ExceptionGroup(BaseExceptionGroup),
    ImportError(Exception),
    ModuleNotFoundError(ImportError),
    LookupError(Exception),
    IndexError(LookupError),
    KeyError(LookupError),
    MemoryError(Exception),
    NameError(Exception),
    UnboundLocalError(NameError),
    OSError(Exception),
    BlockingIOError(OSError),
    ChildProcessError(OSError),
    ConnectionError(OSError),
    BrokenPipeError(ConnectionError),
    ConnectionAbortedError(ConnectionError),
    ConnectionRefusedError(ConnectionError),
    ConnectionResetError(ConnectionError),
    FileExistsError(OSError),
    FileNotFoundError(OSError),
    InterruptedError(OSError),
    IsADirectoryError(OSError),
    NotADirectoryError(OSError),
    PermissionError(OSError),
    ProcessLookupError(OSError),
    TimeoutError(OSError),
    ReferenceError(Exception),
    RuntimeError(Exception),
    NotImplementedError(RuntimeError),
    RecursionError(RuntimeError),
    StopAsyncIteration(Exception),
    StopIteration(Exception),
    SyntaxError(Exception),
    IndentationError(SyntaxError),
    TabError(IndentationError),
    SystemError(Exception),
    TypeError(Exception),
    ValueError(Exception),
    UnicodeError(ValueError),
    UnicodeDecodeError(UnicodeError),
    UnicodeEncodeError(UnicodeError),
    UnicodeTranslateError(UnicodeError),
    Warning(Exception),
    BytesWarning(Warning),
    DeprecationWarning(Warning),
    EncodingWarning(Warning),
    FutureWarning(Warning),
    ImportWarning(Warning),
    PendingDeprecationWarning(Warning),
    ResourceWarning(Warning),
    RuntimeWarning(Warning),
    SyntaxWarning(Warning),
    UnicodeWarning(Warning),
    UserWarning(Warning),
}

pub fn init(vm: &mut Vm) {
    for &exc in Exc::ALL {
        let base = match exc.base() {
            Some(base) => vm.exc(base).clone(),
            None => vm.types.object.clone(),
        };
        let ty = new_builtin_type(
            Some(&vm.types.type_),
            exc.name(),
            Some(&base),
            Layout::Exception,
            Some(&vm.types.dict),
        );
        type_data(&ty).instance_dict.set(true);
        // The fields a family keeps follow its base's in the instance (a
        // subclass's layout extends its base's).
        type_data(&ty)
            .member_count
            .set(type_data(&base).member_count.get());
        let own_fields = MEMBER_FIELDS
            .iter()
            .find(|(family, _)| *family == exc)
            .map_or(&[][..], |(_, names)| names);
        for name in own_fields {
            let member = typeobject::new_member_descriptor(vm, &ty, name, MemberKind::Object);
            crate::objects::set_type_attr(vm, &ty, name, member);
        }
        debug_assert_eq!(vm.exc_types.len(), exc as usize);
        vm.exc_types.push(ty);
    }
    // ExceptionGroup derives from both BaseExceptionGroup and Exception.
    let eg = vm.exc(Exc::ExceptionGroup).clone();
    let bases = vec![
        vm.exc(Exc::BaseExceptionGroup).clone(),
        vm.exc(Exc::Exception).clone(),
    ];
    if let Some(mro) = typeobject::c3_mro(&eg, &bases) {
        *type_data(&eg).mro.borrow_mut() = mro;
        *type_data(&eg).base.borrow_mut() = Some(bases[0].clone());
        *type_data(&eg).bases.borrow_mut() = bases;
    }
    let base = vm.exc(Exc::BaseException).clone();
    add_new(vm, &base, exception_new);
    add_method(vm, &base, "__init__", exception_init);
    crate::native::add_slot(vm, &base, NativeSlot::Str(exception_str_of));
    crate::native::add_slot(vm, &base, NativeSlot::Repr(exception_repr));
    add_method_sig(vm, &base, &WITH_TRACEBACK, |vm, args| {
        let (e, [tb]) = WITH_TRACEBACK.bind(vm, args)?;
        let e = e.unwrap_or(Value::None);
        set_traceback(vm, &e, tb)?;
        Ok(e)
    });
    add_method_sig(vm, &base, &REDUCE, exception_reduce);
    // `__setstate__` sets the state's items as attributes.
    add_method_sig(vm, &base, &SETSTATE, |vm, args| {
        let (e, [state]) = SETSTATE.bind(vm, args)?;
        let (e, state) = (e.unwrap_or(Value::None), state.unwrap_or(Value::None));
        if state.is_none() {
            return Ok(Value::None);
        }
        let Some(d) = state
            .as_obj()
            .filter(|o| crate::objects::dict::as_dict(o).is_some())
        else {
            return Err(vm.new_type_error("state is not a dictionary".to_owned()));
        };
        for (key, value) in crate::objects::dict::dict_items(d) {
            let Some(name) = key
                .as_obj()
                .filter(|_| abstract_::value_as_str(&key).is_some())
            else {
                let given = vm.type_name_of(&key);
                return Err(
                    vm.new_type_error(format!("attribute name must be string, not '{given}'"))
                );
            };
            abstract_::setattr(vm, &e, name, Some(value))?;
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &base, &ADD_NOTE, |vm, args| {
        let (e, [note]) = ADD_NOTE.bind(vm, args)?;
        let (e, note) = (e.unwrap_or(Value::None), note.unwrap_or(Value::None));
        if abstract_::value_as_str(&note).is_none() {
            return Err(vm.new_type_error(format!(
                "note must be a str, not '{}'",
                vm.type_name_of(&note)
            )));
        }
        let notes = match abstract_::getattr_optional(vm, &e, "__notes__")? {
            Some(n) => n,
            None => {
                let l = vm.new_list(vec![]);
                abstract_::setattr_str(vm, &e, "__notes__", l.clone())?;
                l
            }
        };
        let is_list = matches!(&notes, Value::Obj(l) if matches!(l.payload, Payload::List(_)));
        if !is_list {
            return Err(vm.new_type_error("Cannot add note: __notes__ is not a list".to_owned()));
        }
        crate::objects::list::list_append(vm, &notes, note)?;
        Ok(Value::None)
    });
    add_getset(
        vm,
        &base,
        "args",
        |vm, v| {
            Ok(data(v)
                .map(|d| d.borrow().args.clone())
                .unwrap_or_else(|| vm.new_tuple(vec![])))
        },
        Some(|vm, v, new| {
            let items = abstract_::collect_iterable(vm, &new.unwrap_or(Value::None))?;
            let t = vm.new_tuple(items);
            if let Some(d) = data(v) {
                d.borrow_mut().args = t;
            }
            Ok(())
        }),
    );
    let oserror = vm.exc(Exc::OSError).clone();
    add_getset(
        vm,
        &oserror,
        "characters_written",
        |vm, v| match data(v).map(|d| d.borrow().written) {
            Some(n) if n != -1 => Ok(Value::Int(n)),
            _ => Err(vm.new_attribute_error("characters_written".to_owned())),
        },
        Some(|vm, v, new| {
            let written = match new {
                None if data(v).is_none_or(|d| d.borrow().written == -1) => {
                    return Err(vm.new_attribute_error("characters_written".to_owned()));
                }
                None => -1,
                Some(n) => {
                    let n = abstract_::index(vm, &n)?;
                    crate::objects::int::as_i64(&n).ok_or_else(|| {
                        vm.new_value_error(
                            "cannot fit 'int' into an index-sized integer".to_owned(),
                        )
                    })?
                }
            };
            if let Some(d) = data(v) {
                d.borrow_mut().written = written;
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &base,
        "__traceback__",
        |_, v| Ok(traceback_of(v)),
        Some(set_traceback),
    );
    add_getset(
        vm,
        &base,
        "__cause__",
        |_, v| {
            Ok(data(v)
                .map(|d| d.borrow().cause.clone())
                .unwrap_or(Value::None))
        },
        Some(|vm, v, new| {
            let Some(new) = new else {
                return Err(vm.new_type_error("__cause__ may not be deleted".to_owned()));
            };
            if !new.is_none() && !is_exception_instance(vm, &new) {
                return Err(vm.new_type_error(
                    "exception cause must be None or derive from BaseException".to_owned(),
                ));
            }
            if let Some(d) = data(v) {
                let mut d = d.borrow_mut();
                d.cause = new;
                d.suppress_context = true;
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &base,
        "__context__",
        |_, v| {
            Ok(data(v)
                .map(|d| d.borrow().context.clone())
                .unwrap_or(Value::None))
        },
        Some(|vm, v, new| {
            let Some(new) = new else {
                return Err(vm.new_type_error("__context__ may not be deleted".to_owned()));
            };
            if !new.is_none() && !is_exception_instance(vm, &new) {
                return Err(vm.new_type_error(
                    "exception context must be None or derive from BaseException".to_owned(),
                ));
            }
            if let Some(d) = data(v) {
                d.borrow_mut().context = new;
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &base,
        "__suppress_context__",
        |_, v| {
            Ok(Value::Bool(
                data(v)
                    .map(|d| d.borrow().suppress_context)
                    .unwrap_or(false),
            ))
        },
        Some(|vm, v, new| {
            let b = abstract_::is_true(vm, &new.unwrap_or(Value::None))?;
            if let Some(d) = data(v) {
                d.borrow_mut().suppress_context = b;
            }
            Ok(())
        }),
    );
    add_getset(
        vm,
        &base,
        "__dict__",
        |vm, v| {
            let Value::Obj(o) = v else {
                return Ok(Value::None);
            };
            if o.dict().is_none() {
                o.dict.set(vm.new_dict());
            }
            Ok(o.dict().map(Value::Obj).unwrap_or(Value::None))
        },
        None,
    );
    let key_error = vm.exc(Exc::KeyError).clone();
    crate::native::add_slot(
        vm,
        &key_error,
        NativeSlot::Str(|vm, e| {
            let a = args_of(e);
            let items = abstract_::tuple_items(&a).unwrap_or_default();
            if items.len() == 1 {
                return abstract_::repr(vm, &items[0]);
            }
            exception_str_of(vm, e)
        }),
    );
    for exc in [
        Exc::StopIteration,
        Exc::SystemExit,
        Exc::OSError,
        Exc::ImportError,
        Exc::SyntaxError,
        Exc::NameError,
        Exc::AttributeError,
        Exc::UnicodeDecodeError,
        Exc::UnicodeEncodeError,
        Exc::UnicodeTranslateError,
        Exc::BaseExceptionGroup,
    ] {
        let ty = vm.exc(exc).clone();
        add_method(vm, &ty, "__init__", exception_init);
    }
    for exc in [
        Exc::UnicodeDecodeError,
        Exc::UnicodeEncodeError,
        Exc::UnicodeTranslateError,
    ] {
        let ty = vm.exc(exc).clone();
        crate::native::add_slot(vm, &ty, NativeSlot::Str(unicode_error_str));
    }
    let oserror = vm.exc(Exc::OSError).clone();
    crate::native::add_slot(
        vm,
        &oserror,
        NativeSlot::Str(|vm, e| {
            let errno = abstract_::getattr_optional(vm, e, "errno")?.unwrap_or(Value::None);
            let strerror = abstract_::getattr_optional(vm, e, "strerror")?.unwrap_or(Value::None);
            let filename = abstract_::getattr_optional(vm, e, "filename")?.unwrap_or(Value::None);
            if !errno.is_none() && !strerror.is_none() {
                let s = abstract_::str_string(vm, &strerror)?;
                let n = abstract_::str_string(vm, &errno)?;
                if !filename.is_none() {
                    let f = abstract_::repr_string(vm, &filename)?;
                    let filename2 =
                        abstract_::getattr_optional(vm, e, "filename2")?.unwrap_or(Value::None);
                    if !filename2.is_none() {
                        let f2 = abstract_::repr_string(vm, &filename2)?;
                        return Ok(vm.new_str(format!("[Errno {n}] {s}: {f} -> {f2}")));
                    }
                    return Ok(vm.new_str(format!("[Errno {n}] {s}: {f}")));
                }
                return Ok(vm.new_str(format!("[Errno {n}] {s}")));
            }
            exception_str_of(vm, e)
        }),
    );
    let syntax = vm.exc(Exc::SyntaxError).clone();
    crate::native::add_slot(
        vm,
        &syntax,
        NativeSlot::Str(|vm, e| {
            let msg = abstract_::getattr_optional(vm, e, "msg")?.unwrap_or(Value::None);
            let msg = if msg.is_none() {
                exception_str_of(vm, e)?
            } else {
                abstract_::str_(vm, &msg)?
            };
            let msg = abstract_::value_as_str(&msg).unwrap_or("").to_owned();
            let filename = abstract_::getattr_optional(vm, e, "filename")?.unwrap_or(Value::None);
            let lineno = abstract_::getattr_optional(vm, e, "lineno")?.unwrap_or(Value::None);
            let file = abstract_::value_as_str(&filename)
                .map(|f| f.rsplit('/').next().unwrap_or(f).to_owned());
            let line = crate::objects::int::as_i64(&lineno);
            let s = match (file, line) {
                (Some(f), Some(l)) => format!("{msg} ({f}, line {l})"),
                (Some(f), None) => format!("{msg} ({f})"),
                (None, Some(l)) => format!("{msg} (line {l})"),
                (None, None) => msg,
            };
            Ok(vm.new_str(s))
        }),
    );
    let eg = vm.exc(Exc::BaseExceptionGroup).clone();
    add_getset(
        vm,
        &eg,
        "message",
        |vm, v| {
            let a = args_of(v);
            Ok(abstract_::tuple_items(&a)
                .and_then(|t| t.first().cloned())
                .unwrap_or_else(|| vm.new_str("")))
        },
        None,
    );
    add_getset(
        vm,
        &eg,
        "exceptions",
        |vm, v| {
            let a = args_of(v);
            let excs = abstract_::tuple_items(&a)
                .and_then(|t| t.get(1).cloned())
                .unwrap_or(Value::None);
            let items = abstract_::collect_iterable(vm, &excs).unwrap_or_default();
            Ok(vm.new_tuple(items))
        },
        None,
    );
    crate::native::add_slot(
        vm,
        &eg,
        NativeSlot::Str(|vm, e| {
            let a = args_of(e);
            let t = abstract_::tuple_items(&a).unwrap_or_default();
            let msg = t
                .first()
                .and_then(abstract_::value_as_str)
                .unwrap_or("")
                .to_owned();
            let n = t
                .get(1)
                .map(|x| {
                    abstract_::collect_iterable(vm, x)
                        .map(|v| v.len())
                        .unwrap_or(0)
                })
                .unwrap_or(0);
            Ok(vm.new_str(format!(
                "{msg} ({n} sub-exception{})",
                if n == 1 { "" } else { "s" }
            )))
        }),
    );
}

/// An exception's `args` (`None` for anything else).
pub fn args_of(v: &Value) -> Value {
    data(v).map_or(Value::None, |d| d.borrow().args.clone())
}

pub fn data(v: &Value) -> Option<&RefCell<ExceptionData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Exception(d) => Some(d),
            _ => None,
        },
        _ => None,
    }
}

pub fn is_exception_instance(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, vm.exc(Exc::BaseException))
}

/// Makes an exception instance of `class` directly (no `__init__` call).
pub fn new_exception(vm: &mut Vm, class: &ObjRef, args: Vec<Value>) -> PyErr {
    let args_value = vm.new_tuple(args);
    let exc = exception_object(class, args_value.clone());
    let v = Value::Obj(exc.clone());
    let args = crate::objects::code::tuple_of(&args_value).unwrap_or_default();
    let families = families_of(vm, class);
    let _ = init_attributes(vm, &v, families, args, &[]);
    PyErr(exc)
}

/// A new exception of `class` with `args`. Its `__dict__` is made when first
/// used, as CPython's exceptions make theirs: most never need one.
fn exception_object(class: &ObjRef, args: Value) -> ObjRef {
    PyObject::new(
        class.clone(),
        Payload::Exception(Box::new(RefCell::new(ExceptionData {
            args,
            written: -1,
            traceback: None,
            cause: Value::None,
            context: Value::None,
            suppress_context: false,
        }))),
    )
}

/// Makes `cause` the explicit cause of `new` (CPython's `_PyErr_FormatFromCause`):
/// `raise new from cause`, as the interpreter raises a wrapping error.
pub fn chain_from_cause(new: &crate::PyErr, cause: &crate::PyErr) {
    if let Payload::Exception(d) = &new.0.payload {
        let mut d = d.borrow_mut();
        d.cause = Value::Obj(cause.0.clone());
        d.context = Value::Obj(cause.0.clone());
        d.suppress_context = true;
    }
}

pub fn set_attr(vm: &mut Vm, exc: &ObjRef, name: &str, value: Value) {
    if let Some(index) = field_index(exc, name) {
        let count = type_data(&exc.class()).member_count.get();
        // The index is within the class's layout, which extends the family's.
        let _ = exc.members.set(index, count, Some(value));
        return;
    }
    if exc.dict().is_none() {
        exc.dict.set(vm.new_dict());
    }
    if let Some(d) = exc.dict() {
        dict::dict_set_str(vm, &d, name, value);
    }
}

/// The fields each builtin exception family keeps in its instances, as CPython's
/// exception structs do (`PyMemberDef` tables in `Objects/exceptions.c`): member
/// descriptors of the class, not items of the instance's `__dict__`.
const MEMBER_FIELDS: [(Exc, &[&str]); 10] = [
    (Exc::StopIteration, &["value"]),
    (Exc::SystemExit, &["code"]),
    (Exc::ImportError, &["msg", "name", "path"]),
    (
        Exc::OSError,
        &["errno", "strerror", "filename", "filename2"],
    ),
    (
        Exc::SyntaxError,
        &[
            "msg",
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
            "print_file_and_line",
        ],
    ),
    // Each of the three declares all five (UnicodeError itself none).
    (Exc::UnicodeEncodeError, UNICODE_FIELDS),
    (Exc::UnicodeDecodeError, UNICODE_FIELDS),
    (Exc::UnicodeTranslateError, UNICODE_FIELDS),
    (Exc::NameError, &["name"]),
    (Exc::AttributeError, &["name", "obj"]),
];

const UNICODE_FIELDS: &[&str] = &["encoding", "object", "start", "end", "reason"];

/// Where builtin field `name` of `exc` is kept: the member a builtin class of its
/// MRO declares (what a Python subclass defines of the same name does not count).
fn field_index(exc: &ObjRef, name: &str) -> Option<usize> {
    let class = exc.class();
    // The class's lookup cache answers unless a subclass shadows the field.
    if let Some(Value::Obj(d)) = typeobject::lookup(&class, name) {
        if let Payload::MemberDescriptor(m) = &d.payload {
            if !type_data(&m.owner).heap {
                return Some(m.index);
            }
        }
    }
    let mro = type_data(&class).mro.borrow().clone();
    mro.iter().filter(|c| !type_data(c).heap).find_map(|c| {
        match dict::dict_get_str(&type_data(c).dict, name)? {
            Value::Obj(d) => match &d.payload {
                Payload::MemberDescriptor(m) => Some(m.index),
                _ => None,
            },
            _ => None,
        }
    })
}

/// Builtin field `name` of `exc`, when it was set.
/// An `AttributeError` that a lookup of `name` on `obj` raised, made without a
/// `name` or `obj` (a `__getattr__` raising a bare one): given both, so that it
/// can offer a suggestion (CPython's `set_attribute_error_context`).
pub fn add_attribute_error_context(vm: &mut Vm, err: &PyErr, obj: &Value, name: &ObjRef) {
    if !vm.err_matches(err, Exc::AttributeError) {
        return;
    }
    let e = &err.0;
    if field(e, "name").is_some() || field(e, "obj").is_some() {
        return;
    }
    set_attr(vm, e, "name", Value::Obj(name.clone()));
    set_attr(vm, e, "obj", obj.clone());
}

/// The builtin field `name` of `exc` (`None` when unset, as CPython's NULL).
pub fn member_field(exc: &ObjRef, name: &str) -> Option<Value> {
    field(exc, name)
}

fn field(exc: &ObjRef, name: &str) -> Option<Value> {
    if exc.members.is_unallocated() {
        return None;
    }
    exc.members.get(field_index(exc, name)?)
}

/// The bit of `exc` in a set of the families of `MEMBER_FIELDS`, whose
/// constructors set fields (none for another class).
fn family_bit(exc: Exc) -> u16 {
    MEMBER_FIELDS
        .iter()
        .position(|(f, _)| *f == exc)
        .map_or(0, |i| 1 << i)
}

/// Which families of `MEMBER_FIELDS` `class` derives from, as bits.
fn families_of(vm: &Vm, class: &ObjRef) -> u16 {
    // Remembered under the class's version, which a change of its bases resets.
    let data = type_data(class);
    let tag = typeobject::version_tag(class);
    let (seen, bits) = data.exception_families.get();
    if seen == tag {
        return bits;
    }
    let bits = families_in_mro(vm, class);
    data.exception_families.set((tag, bits));
    bits
}

fn families_in_mro(vm: &Vm, class: &ObjRef) -> u16 {
    let mut bits = 0;
    for ancestor in type_data(class).mro.borrow().iter() {
        for (i, (family, _)) in MEMBER_FIELDS.iter().enumerate() {
            if Rc::ptr_eq(ancestor, vm.exc(*family)) {
                bits |= 1 << i;
            }
        }
    }
    bits
}

/// The per-class attributes set from the constructor arguments.
fn init_attributes(
    vm: &mut Vm,
    exc: &Value,
    families: u16,
    args: &[Value],
    kw: &[(ObjRef, Value)],
) -> PyResult<()> {
    let Value::Obj(o) = exc else { return Ok(()) };
    // An unset field reads as None: an exception with no field set yet needs no
    // cells for the Nones its constructor gives.
    let set_field = |vm: &mut Vm, o: &ObjRef, name: &str, value: Value| {
        if !(value.is_none() && o.members.is_unallocated()) {
            set_attr(vm, o, name, value);
        }
    };
    // Most exceptions belong to no family whose fields the constructor sets.
    if families == 0 {
        return Ok(());
    }
    let is = |_: &Vm, exc: Exc| families & family_bit(exc) != 0;
    let first = args.first().cloned().unwrap_or(Value::None);
    let unicode_fields: &[&str] =
        if is(vm, Exc::UnicodeEncodeError) || is(vm, Exc::UnicodeDecodeError) {
            UNICODE_FIELDS
        } else if is(vm, Exc::UnicodeTranslateError) {
            // A translation has no encoding.
            &UNICODE_FIELDS[1..]
        } else {
            &[]
        };
    // Made from Python with all their fields; the interpreter's own may carry a
    // message alone.
    if !unicode_fields.is_empty() && args.len() == unicode_fields.len() {
        for (name, v) in unicode_fields.iter().zip(args) {
            set_field(vm, o, name, v.clone());
        }
    }
    if is(vm, Exc::StopIteration) {
        set_field(vm, o, "value", first.clone());
    }
    if is(vm, Exc::SystemExit) {
        let code = match args.len() {
            0 => Value::None,
            1 => first.clone(),
            _ => vm.new_tuple(args.to_vec()),
        };
        set_field(vm, o, "code", code);
    }
    if is(vm, Exc::ImportError) {
        let mut name = Value::None;
        let mut path = Value::None;
        for (k, v) in kw {
            match abstract_::obj_as_str(k) {
                Some("name") => name = v.clone(),
                Some("path") => path = v.clone(),
                Some(other) => {
                    return Err(vm.new_type_error(format!(
                        "'{other}' is an invalid keyword argument for ImportError()"
                    )))
                }
                None => {}
            }
        }
        set_field(vm, o, "name", name);
        set_field(vm, o, "path", path);
        set_field(
            vm,
            o,
            "msg",
            if args.len() == 1 {
                first.clone()
            } else {
                Value::None
            },
        );
    }
    if is(vm, Exc::NameError) || is(vm, Exc::AttributeError) {
        let mut name = Value::None;
        let mut obj = Value::None;
        for (k, v) in kw {
            match abstract_::obj_as_str(k) {
                Some("name") => name = v.clone(),
                Some("obj") => obj = v.clone(),
                _ => {}
            }
        }
        // Left unset unless given (they read as None): an `AttributeError` made
        // without an `obj` offers no suggestion.
        if field(o, "name").is_none() && !name.is_none() {
            set_field(vm, o, "name", name);
        }
        if is(vm, Exc::AttributeError) && field(o, "obj").is_none() && !obj.is_none() {
            set_field(vm, o, "obj", obj);
        }
    }
    if is(vm, Exc::OSError) {
        let (errno, strerror, filename) = if (2..=5).contains(&args.len()) {
            (
                args[0].clone(),
                args[1].clone(),
                args.get(2).cloned().unwrap_or(Value::None),
            )
        } else {
            (Value::None, Value::None, Value::None)
        };
        set_field(vm, o, "errno", errno);
        set_field(vm, o, "strerror", strerror);
        // BlockingIOError's third argument may be how many characters were
        // written; it then stays in `args` (CPython's `oserror_init`).
        let blocking = std::ptr::eq(o.class_ref(), &**vm.exc(Exc::BlockingIOError));
        if blocking && crate::objects::int::is_int(&filename) {
            let written = abstract_::index(vm, &filename)?;
            let written = crate::objects::int::as_i64(&written).ok_or_else(|| {
                vm.new_value_error("cannot fit 'int' into an index-sized integer".to_owned())
            })?;
            if let Some(d) = data(exc) {
                d.borrow_mut().written = written;
            }
        } else if !filename.is_none() {
            set_field(vm, o, "filename", filename);
            set_field(
                vm,
                o,
                "filename2",
                args.get(4).cloned().unwrap_or(Value::None),
            );
            // The file names are not part of `args`.
            let short = vm.new_tuple(args[..2].to_vec());
            if let Some(d) = data(exc) {
                d.borrow_mut().args = short;
            }
        }
    }
    if is(vm, Exc::SyntaxError) {
        set_field(
            vm,
            o,
            "msg",
            if args.is_empty() {
                Value::None
            } else {
                first.clone()
            },
        );
        // `SyntaxError(msg, (filename, lineno, offset, text[, end_lineno,
        // end_offset]))`: the details are any sequence of four to six items.
        let details = match args {
            [_, info] => {
                let details = abstract_::collect_iterable(vm, info)?;
                match details.len() {
                    n if n < 4 => {
                        return Err(vm.new_type_error(format!(
                            "function takes at least 4 arguments ({n} given)"
                        )))
                    }
                    n if n > 6 => {
                        return Err(vm.new_type_error(format!(
                            "function takes at most 6 arguments ({n} given)"
                        )))
                    }
                    5 => {
                        return Err(vm.new_type_error(
                            "end_offset must be provided when end_lineno is provided".to_owned(),
                        ))
                    }
                    _ => details,
                }
            }
            _ => Vec::new(),
        };
        let names = [
            "filename",
            "lineno",
            "offset",
            "text",
            "end_lineno",
            "end_offset",
        ];
        for (i, name) in names.iter().enumerate() {
            set_field(vm, o, name, details.get(i).cloned().unwrap_or(Value::None));
        }
        set_field(vm, o, "print_file_and_line", Value::None);
    }
    Ok(())
}

/// `BaseException.__new__`; `OSError(errno, ...)` picks the subclass for the errno.
fn exception_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut args = args;
    // `OSError(errno, strerror, ...)`: two arguments at least after the class.
    if let [class, errno, _, ..] = args.pos.as_mut_slice() {
        let subclass = crate::objects::int::as_i64(errno).and_then(oserror_subclass);
        let is_oserror = matches!(class, Value::Obj(c) if Rc::ptr_eq(c, vm.exc(Exc::OSError)));
        if let (true, Some(name)) = (is_oserror, subclass) {
            *class = Value::Obj(vm.exc(name).clone());
        }
    }
    exception_new_plain(vm, args)
}

/// The OSError subclass CPython maps an errno to.
fn oserror_subclass(errno: i64) -> Option<Exc> {
    Some(match errno {
        11 | 114 | 115 => Exc::BlockingIOError,
        10 => Exc::ChildProcessError,
        32 | 108 => Exc::BrokenPipeError,
        103 => Exc::ConnectionAbortedError,
        111 => Exc::ConnectionRefusedError,
        104 => Exc::ConnectionResetError,
        17 => Exc::FileExistsError,
        2 => Exc::FileNotFoundError,
        21 => Exc::IsADirectoryError,
        20 => Exc::NotADirectoryError,
        4 => Exc::InterruptedError,
        1 | 13 => Exc::PermissionError,
        3 => Exc::ProcessLookupError,
        110 => Exc::TimeoutError,
        _ => return None,
    })
}

/// `BaseException.__new__` keeps the positional arguments; keywords are left to
/// `__init__`.
static NEW: Signature = Signature::new("BaseException", "($type, /, *args, **kwargs)");

pub fn exception_new_plain(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let SelfAndRest {
        this, args: rest, ..
    } = split_self(vm, &NEW, args)?;
    let class = match this {
        Value::Obj(c) if c.type_data().is_some() => c,
        _ => vm.exc(Exc::BaseException).clone(),
    };
    let args_value = vm.new_tuple(rest);
    Ok(Value::Obj(exception_object(&class, args_value)))
}

/// The signatures of the special methods all exceptions share (the owner shows in
/// no message of a slot wrapper).
static INIT: Signature =
    Signature::slot_wrapper("BaseException", "__init__", "($self, /, *args, **kwargs)");

/// What the shared special methods take: `(self, /, *args, **kwargs)`.
struct SelfAndRest {
    this: Value,
    args: Vec<Value>,
    kwargs: Vec<(ObjRef, Value)>,
}

/// `self` and the rest as given, bound through the signature only to report a
/// missing `self`.
fn split_self(vm: &mut Vm, signature: &Signature, args: Args) -> PyResult<SelfAndRest> {
    if args.pos.is_empty() {
        let bound = signature.bind_all::<0>(vm, args)?;
        return Ok(SelfAndRest {
            this: given(bound.this),
            args: bound.args,
            kwargs: bound.kwargs,
        });
    }
    let Args { pos, kw } = args;
    let mut pos = pos.into_iter();
    let this = pos.next().unwrap_or(Value::None);
    Ok(SelfAndRest {
        this,
        args: pos.collect(),
        kwargs: kw,
    })
}

fn exception_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let SelfAndRest {
        this: e,
        args: rest,
        kwargs: kw,
    } = split_self(vm, &INIT, args)?;
    let class = vm.type_of(&e);
    // One walk of the MRO says which builtin families the class belongs to.
    let families = families_of(vm, &class);
    let is = |exc: Exc| families & family_bit(exc) != 0;
    let takes_kw = is(Exc::ImportError) || is(Exc::NameError) || is(Exc::AttributeError);
    if !kw.is_empty() && !takes_kw {
        return Err(vm.new_type_error(format!(
            "{}() takes no keyword arguments",
            typeobject::type_name(&class)
        )));
    }
    // Unicode errors made from Python take all their fields.
    let unicode_kind = [
        Exc::UnicodeTranslateError,
        Exc::UnicodeEncodeError,
        Exc::UnicodeDecodeError,
    ]
    .into_iter()
    .find(|&kind| is(kind));
    let wanted = match unicode_kind {
        Some(Exc::UnicodeTranslateError) => 4,
        Some(_) => 5,
        None => rest.len(),
    };
    if rest.len() != wanted {
        return Err(vm.new_type_error(format!(
            "function takes exactly {wanted} arguments ({} given)",
            rest.len()
        )));
    }
    // `args` keeps what was given; the fields hold it checked (a decode error's
    // object as bytes).
    let mut rest = rest;
    if let Some(d) = data(&e) {
        // `__new__` has usually stored these very arguments already.
        let same = matches!(&d.borrow().args, Value::Obj(t) if matches!(&t.payload,
            Payload::Tuple(items) if items.len() == rest.len()
                && items.iter().zip(&rest).all(|(a, b)| a.is(b))));
        if !same {
            let t = vm.new_tuple(rest.clone());
            d.borrow_mut().args = t;
        }
    }
    if let Some(kind) = unicode_kind {
        check_unicode_error_args(vm, kind, &mut rest)?;
    }
    if families != 0 {
        init_attributes(vm, &e, families, &rest, &kw)?;
    }
    Ok(Value::None)
}

/// The field types of a Unicode error made from Python, as CPython parses them
/// (`UUnnU`, `UOnnU` with a bytes-like object, `UnnU`): strs and indices, the
/// object of a decode error copied to bytes.
fn check_unicode_error_args(vm: &mut Vm, kind: Exc, args: &mut [Value]) -> PyResult<()> {
    let (strs, object): (&[usize], Option<usize>) = match kind {
        Exc::UnicodeTranslateError => (&[0, 3], None),
        Exc::UnicodeDecodeError => (&[0, 4], Some(1)),
        _ => (&[0, 1, 4], None),
    };
    let first_index = if kind == Exc::UnicodeTranslateError {
        1
    } else {
        2
    };
    for (i, arg) in args.iter_mut().enumerate() {
        if strs.contains(&i) {
            if abstract_::value_as_str(arg).is_none() && !vm.isinstance(arg, &vm.types.str.clone())
            {
                return Err(vm.new_type_error(format!(
                    "argument {} must be str, not {}",
                    i + 1,
                    crate::objects::str_methods::argument_type_name(vm, arg)
                )));
            }
        } else if Some(i) == object {
            let bytes = crate::objects::bytes::bytes_like_arg(vm, arg)?;
            *arg = vm.new_bytes(bytes);
        } else if i == first_index || i == first_index + 1 {
            abstract_::index(vm, arg)?;
        }
    }
    Ok(())
}

/// A Unicode error made with all its fields: `UnicodeDecodeError(encoding, object,
/// start, end, reason)` as `codecs` and the codecs raise it.
pub fn new_unicode_error(
    vm: &mut Vm,
    exc: Exc,
    encoding: &str,
    object: Value,
    start: usize,
    end: usize,
    reason: &str,
) -> PyErr {
    let class = Value::Obj(vm.exc(exc).clone());
    let mut args = Vec::with_capacity(5);
    if exc != Exc::UnicodeTranslateError {
        args.push(vm.new_str(encoding));
    }
    args.extend([
        object,
        Value::Int(start as i64),
        Value::Int(end as i64),
        vm.new_str(reason),
    ]);
    match vm.call1(&class, args) {
        Ok(Value::Obj(e)) => PyErr(e),
        Ok(_) => vm.new_error(exc, reason),
        Err(e) => e,
    }
}

/// `'utf-8' codec can't decode byte 0xff in position 0: invalid start byte` and its
/// kin, from the fields; an error made with a message alone shows the message.
fn unicode_error_str(vm: &mut Vm, e: &Value) -> PyResult<Value> {
    // Made by `__new__` alone, with no object: an empty message, as CPython's.
    if let Value::Obj(o) = e {
        if field(o, "object").is_none() {
            return Ok(vm.new_str(""));
        }
    }
    let field = |vm: &mut Vm, name: &str| abstract_::getattr_optional(vm, e, name);
    let (Some(object), Some(start), Some(end), Some(reason)) = (
        field(vm, "object")?,
        field(vm, "start")?,
        field(vm, "end")?,
        field(vm, "reason")?,
    ) else {
        return exception_str_of(vm, e);
    };
    let start = crate::objects::int::as_i64(&start).unwrap_or(0);
    let end = crate::objects::int::as_i64(&end).unwrap_or(0);
    let reason = abstract_::str_string(vm, &reason)?;
    let class = vm.type_of(e);
    let encoding = match field(vm, "encoding")? {
        Some(enc) => abstract_::str_string(vm, &enc)?,
        None => String::new(),
    };
    let single = end == start + 1 && start >= 0;
    let text = if typeobject::is_subtype(&class, vm.exc(Exc::UnicodeDecodeError)) {
        let bytes = crate::objects::bytes::as_bytes(&object).unwrap_or_default();
        match bytes.get(start.max(0) as usize) {
            Some(b) if single => {
                format!(
                    "'{encoding}' codec can't decode byte 0x{b:02x} in position {start}: {reason}"
                )
            }
            _ => format!(
                "'{encoding}' codec can't decode bytes in position {start}-{}: {reason}",
                end - 1
            ),
        }
    } else {
        let code = crate::objects::str::as_pystr(&object)
            .and_then(|text| text.code_point_at(start.max(0) as usize));
        let what = match code {
            Some(n) if single => {
                let shown = if n <= 0xff {
                    format!("\\x{n:02x}")
                } else if n <= 0xffff {
                    format!("\\u{n:04x}")
                } else {
                    format!("\\U{n:08x}")
                };
                format!("character '{shown}' in position {start}")
            }
            _ => format!("characters in position {start}-{}", end - 1),
        };
        if typeobject::is_subtype(&class, vm.exc(Exc::UnicodeEncodeError)) {
            format!("'{encoding}' codec can't encode {what}: {reason}")
        } else {
            format!("can't translate {what}: {reason}")
        }
    };
    Ok(vm.new_str(text))
}

/// `BaseException.__str__`: the one argument's str, or the arguments tuple's.
fn exception_str_of(vm: &mut Vm, e: &Value) -> PyResult<Value> {
    let a = args_of(e);
    let items = abstract_::tuple_items(&a).unwrap_or_default();
    match items.len() {
        0 => Ok(vm.new_str("")),
        1 => abstract_::str_(vm, &items[0]),
        _ => abstract_::str_(vm, &a),
    }
}

fn exception_repr(vm: &mut Vm, e: &Value) -> PyResult<Value> {
    let name = typeobject::type_name(&vm.type_of(e));
    let a = args_of(e);
    let items = abstract_::tuple_items(&a).unwrap_or_default();
    let inner = if items.len() == 1 {
        abstract_::repr_string(vm, &items[0])?
    } else {
        let r = abstract_::repr_string(vm, &a)?;
        if items.is_empty() {
            String::new()
        } else {
            r[1..r.len() - 1].to_owned()
        }
    };
    Ok(vm.new_str(format!("{name}({inner})")))
}

pub fn traceback_of(v: &Value) -> Value {
    data(v)
        .and_then(|d| d.borrow().traceback.clone())
        .map(Value::Obj)
        .unwrap_or(Value::None)
}

/// Sets the exception's traceback to `tb` (a traceback object or nothing).
pub fn replace_traceback(exc: &ObjRef, tb: Option<ObjRef>) {
    if let Payload::Exception(d) = &exc.payload {
        d.borrow_mut().traceback = tb;
    }
}

fn set_traceback(vm: &mut Vm, v: &Value, tb: Option<Value>) -> PyResult<()> {
    let tb = match tb {
        None | Some(Value::None) => None,
        Some(Value::Obj(t)) if matches!(t.payload, Payload::Traceback(_)) => Some(t),
        Some(_) => {
            return Err(vm.new_type_error("__traceback__ must be a traceback or None".to_owned()))
        }
    };
    if let Some(d) = data(v) {
        d.borrow_mut().traceback = tb;
    }
    Ok(())
}

/// Adds a traceback entry for a frame the exception is passing through.
pub fn push_traceback(vm: &mut Vm, exc: &ObjRef, frame: ObjRef, lasti: usize) {
    let Payload::Exception(d) = &exc.payload else {
        return;
    };
    let next = d.borrow_mut().traceback.take();
    let tb = PyObject::new(
        vm.types.traceback.clone(),
        Payload::Traceback(TracebackData {
            next: RefCell::new(next),
            frame,
            lasti,
            given: None,
        }),
    );
    d.borrow_mut().traceback = Some(tb);
}

/// Sets `__context__` unless already set, avoiding a cycle in the chain.
pub fn set_context_if_unset(exc: &ObjRef, context: &ObjRef) {
    let Payload::Exception(d) = &exc.payload else {
        return;
    };
    if !d.borrow().context.is_none() {
        return;
    }
    // Walk the context's chain; if it reaches `exc`, cut it there.
    let mut cur = Value::Obj(context.clone());
    let mut steps = 0;
    while let Value::Obj(c) = &cur {
        if Rc::ptr_eq(c, exc) || steps > 10_000 {
            return;
        }
        steps += 1;
        cur = match &c.payload {
            Payload::Exception(cd) => cd.borrow().context.clone(),
            _ => Value::None,
        };
    }
    d.borrow_mut().context = Value::Obj(context.clone());
}

/// Sets `exc.__context__` to `context`, the exception being handled where `exc`
/// is raised (CPython's `_PyErr_SetObject`). `context`'s own chain is cut where it
/// reaches `exc`, so that no cycle forms; a cycle already in that chain stops the
/// walk (Floyd's algorithm, as CPython's).
pub fn set_context_on_raise(exc: &ObjRef, context: &ObjRef) {
    if Rc::ptr_eq(exc, context) {
        return;
    }
    let context_of = |o: &ObjRef| match &o.payload {
        Payload::Exception(d) => d.borrow().context.as_obj().cloned(),
        _ => None,
    };
    let (mut o, mut slow) = (context.clone(), context.clone());
    let mut move_slow = false;
    while let Some(next) = context_of(&o) {
        if Rc::ptr_eq(&next, exc) {
            if let Payload::Exception(d) = &o.payload {
                d.borrow_mut().context = Value::None;
            }
            break;
        }
        o = next;
        if Rc::ptr_eq(&o, &slow) {
            break;
        }
        if move_slow {
            slow = context_of(&slow).unwrap_or_else(|| slow.clone());
        }
        move_slow = !move_slow;
    }
    if let Payload::Exception(d) = &exc.payload {
        d.borrow_mut().context = Value::Obj(context.clone());
    }
}

/// `except C:` matching: `C` a class or a tuple of classes.
pub fn exception_matches(vm: &mut Vm, exc: &Value, class: &Value) -> PyResult<bool> {
    // A tuple's items are read in place: matching allocates nothing.
    let classes = match class {
        Value::Obj(o) if matches!(o.payload, Payload::Tuple(_)) => {
            crate::objects::code::tuple_of(class).unwrap_or_default()
        }
        _ => std::slice::from_ref(class),
    };
    for c in classes {
        let ok = matches!(c, Value::Obj(o) if o.type_data().is_some() && typeobject::is_subtype(o, vm.exc(Exc::BaseException)));
        if !ok {
            return Err(vm.new_type_error(
                "catching classes that do not inherit from BaseException is not allowed".to_owned(),
            ));
        }
    }
    let t = vm.type_of(exc);
    Ok(classes
        .iter()
        .any(|c| matches!(c, Value::Obj(o) if typeobject::is_subtype(&t, o))))
}

/// An exception value as an error to propagate.
pub fn as_error(vm: &mut Vm, exc: Value) -> PyErr {
    match exc {
        Value::Obj(o) if matches!(o.payload, Payload::Exception(_)) => PyErr(o),
        other => vm.new_type_error(format!(
            "exceptions must derive from BaseException, not {}",
            vm.type_name_of(&other)
        )),
    }
}

/// `raise exc [from cause]`: instantiates a class, checks the types, sets the cause.
pub fn make_raisable(vm: &mut Vm, exc: Value, cause: Option<Value>) -> Result<PyErr, PyErr> {
    let base = vm.exc(Exc::BaseException).clone();
    let instance = match &exc {
        Value::Obj(o) if o.type_data().is_some() && typeobject::is_subtype(o, &base) => {
            let v = vm.call1(&exc, vec![])?;
            if !vm.isinstance(&v, &base) {
                let shown = abstract_::repr_string(vm, &exc)?;
                let msg = format!(
                    "calling {shown} should have returned an instance of BaseException, not {}",
                    vm.type_name_of(&v)
                );
                return Err(vm.new_type_error(msg));
            }
            v
        }
        v if vm.isinstance(v, &base) => exc.clone(),
        _ => return Err(vm.new_type_error("exceptions must derive from BaseException".to_owned())),
    };
    if let Some(cause) = cause {
        let cause = match &cause {
            Value::None => Value::None,
            Value::Obj(o) if o.type_data().is_some() && typeobject::is_subtype(o, &base) => {
                vm.call1(&cause, vec![])?
            }
            v if vm.isinstance(v, &base) => cause.clone(),
            _ => {
                return Err(
                    vm.new_type_error("exception causes must derive from BaseException".to_owned())
                )
            }
        };
        if let Some(d) = data(&instance) {
            let mut d = d.borrow_mut();
            d.cause = cause;
            d.suppress_context = true;
        }
    }
    Ok(as_error(vm, instance))
}

/// The `value` of a StopIteration (its first argument).
pub fn stop_iteration_value(vm: &mut Vm, err: &PyErr) -> Value {
    let v = Value::Obj(err.0.clone());
    abstract_::getattr_optional(vm, &v, "value")
        .ok()
        .flatten()
        .unwrap_or(Value::None)
}

/// `__reduce__` of exceptions: `(type, args)`, with the instance dict as state when
/// it has one. OSError puts its file names back into the arguments, ImportError
/// its `name` and `path` into the state (CPython's `OSError_reduce`,
/// `ImportError_reduce`).
static WITH_TRACEBACK: Signature =
    Signature::unlisted("BaseException", "with_traceback", "($self, tb, /)");
static REDUCE: Signature = Signature::unlisted("BaseException", "__reduce__", "($self, /)");
static SETSTATE: Signature =
    Signature::unlisted("BaseException", "__setstate__", "($self, state, /)");
static ADD_NOTE: Signature = Signature::unlisted("BaseException", "add_note", "($self, note, /)");

fn exception_reduce(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (e, []) = REDUCE.bind(vm, args)?;
    let e = e.unwrap_or(Value::None);
    let class = Value::Obj(vm.type_of(&e));
    let mut exc_args = data(&e)
        .map(|d| d.borrow().args.clone())
        .unwrap_or_else(|| vm.new_tuple(vec![]));
    // The builtin fields are members, not in the dict: the arguments rebuild them.
    let state = vm.new_dict();
    if let Some(d) = e.as_obj().and_then(|o| o.dict()) {
        for (key, value) in crate::objects::dict::dict_items(&d) {
            crate::objects::dict::dict_set_item(vm, &state, key, value)?;
        }
    }
    let field = |vm: &mut Vm, name: &str| -> PyResult<Value> {
        Ok(abstract_::getattr_optional(vm, &e, name)?.unwrap_or(Value::None))
    };
    if vm.isinstance(&e, vm.exc(Exc::OSError)) {
        let items = abstract_::tuple_items(&exc_args).unwrap_or_default();
        let filename = field(vm, "filename")?;
        if items.len() == 2 && !filename.is_none() {
            let filename2 = field(vm, "filename2")?;
            let mut new_args = vec![items[0].clone(), items[1].clone(), filename];
            if !filename2.is_none() {
                new_args.extend([Value::None, filename2]);
            }
            exc_args = vm.new_tuple(new_args);
        }
    } else if vm.isinstance(&e, vm.exc(Exc::ImportError)) {
        for name in ["name", "path"] {
            let value = field(vm, name)?;
            if !value.is_none() {
                crate::objects::dict::dict_set_str(vm, &state, name, value);
            }
        }
    }
    if crate::objects::dict::dict_len(&state) > 0 {
        Ok(vm.new_tuple(vec![class, exc_args, Value::Obj(state)]))
    } else {
        Ok(vm.new_tuple(vec![class, exc_args]))
    }
}
