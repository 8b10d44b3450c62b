//! `_pickle.Unpickler` and `load`/`loads`: the unpickler's state and the Python
//! type. The opcodes run in `load.rs`, over the input of `input.rs`.

use std::cell::{Cell, RefCell};

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::str::as_pystr;
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, PyResult, Value, Vm};

use super::input::Input;
use super::load::{find_class_impl, load};
use super::memo::UnpicklerMemo;
use super::pickler::{bound_method, method_ref};
use super::{state, unpickling_error};
use crate::given;

/// The state of an unpickler (CPython's `UnpicklerObject`).
#[derive(Default)]
pub(crate) struct Unpickler {
    pub(super) input: RefCell<Input>,
    pub(super) encoding: RefCell<String>,
    pub(super) errors: RefCell<String>,
    pub(super) fix_imports: Cell<bool>,
    pub(super) proto: Cell<u8>,
    pub(super) pers_func: RefCell<Option<Value>>,
    pub(super) pers_func_self: Cell<bool>,
    /// An iterator over the out-of-band buffers; `None` when none were given.
    pub(super) buffers: RefCell<Option<Value>>,
    pub(crate) memo: RefCell<UnpicklerMemo>,
}

impl NativeData for Unpickler {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let (Ok(input), Ok(pers), Ok(buffers), Ok(memo)) = (
            self.input.try_borrow(),
            self.pers_func.try_borrow(),
            self.buffers.try_borrow(),
            self.memo.try_borrow(),
        ) else {
            return false;
        };
        for v in [&input.read, &input.readline, &pers, &buffers]
            .into_iter()
            .flatten()
        {
            visit(v);
        }
        memo.values().for_each(visit);
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut input) = self.input.try_borrow_mut() {
            taken.extend(input.read.take());
            taken.extend(input.readline.take());
        }
        if let Ok(mut pers) = self.pers_func.try_borrow_mut() {
            taken.extend(pers.take());
        }
        if let Ok(mut buffers) = self.buffers.try_borrow_mut() {
            taken.extend(buffers.take());
        }
        if let Ok(mut memo) = self.memo.try_borrow_mut() {
            let memo = std::mem::take(&mut *memo);
            taken.extend(memo.values().cloned());
        }
    }
}

impl Unpickler {
    fn new_for(encoding: String, errors: String) -> Unpickler {
        Unpickler {
            encoding: RefCell::new(encoding),
            errors: RefCell::new(errors),
            ..Unpickler::default()
        }
    }

    fn set_input_stream(&self, vm: &mut Vm, file: &Value) -> PyResult<()> {
        // `readinto` is asked for as CPython does (an error it raises propagates),
        // though data is read through `read`.
        let peek = abstract_::getattr_optional(vm, file, "peek")?;
        abstract_::getattr_optional(vm, file, "readinto")?;
        let read = abstract_::getattr_optional(vm, file, "read")?;
        let readline = abstract_::getattr_optional(vm, file, "readline")?;
        let (Some(read), Some(readline)) = (read, readline) else {
            return Err(
                vm.new_type_error("file must have 'read' and 'readline' attributes".to_owned())
            );
        };
        let mut input = self.input.borrow_mut();
        *input = Input {
            read: Some(read),
            readline: Some(readline),
            peek,
            ..Input::default()
        };
        Ok(())
    }

    fn set_buffers(&self, vm: &mut Vm, buffers: Option<Value>) -> PyResult<()> {
        let iterator = match buffers {
            None | Some(Value::None) => None,
            Some(buffers) => Some(abstract_::get_iter(vm, &buffers)?),
        };
        *self.buffers.borrow_mut() = iterator;
        Ok(())
    }

    fn set_fix_imports(&self, vm: &mut Vm, fix: &Option<Value>) -> PyResult<()> {
        let fix = match fix {
            None => true,
            Some(v) => abstract_::is_true(vm, v)?,
        };
        self.fix_imports.set(fix);
        Ok(())
    }
}

/// A `str` argument of `load`, `loads` or the constructor.
fn str_arg(
    vm: &mut Vm,
    function: &str,
    name: &str,
    value: Option<Value>,
    default: &str,
) -> PyResult<String> {
    match value {
        None => Ok(default.to_owned()),
        Some(v) => match as_pystr(&v) {
            Some(s) if !s.as_str().contains('\0') => Ok(s.as_str().to_owned()),
            Some(_) => Err(vm.new_value_error("embedded null character".to_owned())),
            None => {
                let given = krait_vm::objects::str_methods::argument_type_name(vm, &v);
                Err(vm.new_type_error(format!(
                    "{function}() argument '{name}' must be str, not {given}"
                )))
            }
        },
    }
}

// ---------------------------------------------------------------------------
// The Unpickler type

static UNPICKLER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(UNPICKLER_DOC),
    text_signature: Some(
        "(file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())",
    ),
    subclassable: true,
    new: Some(unpickler_new),
    slots: &[NativeSlot::Init(unpickler_init)],
    methods: &[
        MethodDef::method("load", unpickler_load).with_signature(&UNPICKLER_LOAD),
        MethodDef::method("find_class", unpickler_find_class).with_signature(&FIND_CLASS),
        MethodDef::method("__sizeof__", unpickler_sizeof).with_signature(&SIZEOF),
    ],
    getsets: &[
        GetSet {
            name: "memo",
            get: unpickler_get_memo,
            set: Some(unpickler_set_memo),
        },
        GetSet {
            name: "persistent_load",
            get: unpickler_get_persistent_load,
            set: Some(unpickler_set_persistent_load),
        },
    ],
    ..NativeTypeSpec::new("Unpickler", "_pickle")
};

const UNPICKLER_DOC: &str = concat!(
    "This takes a binary file for reading a pickle data stream.\n",
    "\n",
    "The protocol version of the pickle is detected automatically, so no\n",
    "protocol argument is needed.  Bytes past the pickled object's\n",
    "representation are ignored.\n",
    "\n",
    "The argument *file* must have two methods, a read() method that takes\n",
    "an integer argument, and a readline() method that requires no\n",
    "arguments.  Both methods should return bytes.  Thus *file* can be a\n",
    "binary file object opened for reading, an io.BytesIO object, or any\n",
    "other custom object that meets this interface.\n",
    "\n",
    "Optional keyword arguments are *fix_imports*, *encoding* and *errors*,\n",
    "which are used to control compatibility support for pickle stream\n",
    "generated by Python 2.  If *fix_imports* is True, pickle will try to\n",
    "map the old Python 2 names to the new names used in Python 3.  The\n",
    "*encoding* and *errors* tell pickle how to decode 8-bit string\n",
    "instances pickled by Python 2; these default to 'ASCII' and 'strict',\n",
    "respectively.  The *encoding* can be 'bytes' to read these 8-bit\n",
    "string instances as bytes objects.",
);

static UNPICKLER_NEW: Signature =
    Signature::unlisted("Unpickler", "__new__", "($type, *args, **kwargs)");
static UNPICKLER_INIT: Signature = Signature::new(
    "Unpickler",
    "($self, /, file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())",
)
.not_listed();
static UNPICKLER_LOAD: Signature = Signature::of("Unpickler", "load", "($self, /)");
static FIND_CLASS: Signature = Signature::of(
    "Unpickler",
    "find_class",
    "($self, module_name, global_name, /)",
);
static SIZEOF: Signature = Signature::of("Unpickler", "__sizeof__", "($self, /)");
pub(crate) static LOAD: Signature = Signature::new(
    "load",
    "($module, /, file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())",
);
pub(crate) static LOADS: Signature = Signature::new(
    "loads",
    "($module, data, /, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=())",
);

pub(crate) fn new_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &UNPICKLER_TYPE, None)
}

fn unpickler_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = UNPICKLER_NEW.bind_all::<0>(vm, args)?;
    let cls = crate::class_of_call(vm, bound.this, "Unpickler")?;
    Ok(new_native_object(vm, &cls, Unpickler::default()))
}

fn this_unpickler<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Unpickler> {
    native_data::<Unpickler>(this)
        .ok_or_else(|| crate::wrong_receiver(vm, "_pickle.Unpickler", this))
}

fn unpickler_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [file, fix_imports, encoding, errors, buffers]) = UNPICKLER_INIT.bind(vm, args)?;
    let this = given(this);
    let u = this_unpickler(vm, &this)?;
    let encoding = str_arg(vm, "Unpickler", "encoding", encoding, "ASCII")?;
    let errors = str_arg(vm, "Unpickler", "errors", errors, "strict")?;
    u.set_input_stream(vm, &given(file))?;
    *u.encoding.borrow_mut() = encoding;
    *u.errors.borrow_mut() = errors;
    u.set_buffers(vm, buffers)?;
    u.set_fix_imports(vm, &fix_imports)?;
    let (pers_func, unbound) = method_ref(vm, &this, "persistent_load")?;
    *u.pers_func.borrow_mut() = pers_func;
    u.pers_func_self.set(unbound);
    *u.memo.borrow_mut() = UnpicklerMemo::default();
    u.proto.set(0);
    Ok(Value::None)
}

fn unpickler_load(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = UNPICKLER_LOAD.bind(vm, args)?;
    let this = given(this);
    let u = this_unpickler(vm, &this)?;
    if u.input.borrow().read.is_none() {
        let name = typeobject::type_name(&vm.type_of(&this));
        return Err(unpickling_error(
            vm,
            &format!("Unpickler.__init__() was not called by {name}.__init__()"),
        ));
    }
    load(vm, u, Some(&this))
}

fn unpickler_find_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [module, name]) = FIND_CLASS.bind(vm, args)?;
    let this = given(this);
    let u = this_unpickler(vm, &this)?;
    let st = state(vm)?;
    find_class_impl(vm, u, &st, given(module), given(name))
}

fn unpickler_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SIZEOF.bind(vm, args)?;
    let this = given(this);
    let u = this_unpickler(vm, &this)?;
    let memo = u.memo.borrow();
    let size = std::mem::size_of::<Unpickler>()
        + memo.dense.capacity() * std::mem::size_of::<Option<Value>>()
        + u.encoding.borrow().len()
        + u.errors.borrow().len()
        + 2;
    Ok(Value::Int(size as i64))
}

fn unpickler_get_memo(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    this_unpickler(vm, this)?;
    super::memo::new_unpickler_proxy(vm, this)
}

fn unpickler_set_memo(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let u = this_unpickler(vm, this)?;
    let Some(value) = value else {
        return Err(vm.new_type_error("attribute deletion is not supported".to_owned()));
    };
    let memo = super::memo::unpickler_memo_from(vm, &value)?;
    *u.memo.borrow_mut() = memo;
    Ok(())
}

/// The memo that assigning a dict `{index: object}` gives. CPython checks the
/// keys but stores the items in the memo being replaced, so the new memo is
/// empty; Krait answers the same.
pub(crate) fn memo_from_dict(vm: &mut Vm, d: &ObjRef) -> PyResult<UnpicklerMemo> {
    for (key, _) in dict::dict_items(d) {
        if !krait_vm::objects::int::is_int(&key) {
            return Err(vm.new_type_error("memo key must be integers".to_owned()));
        }
        let index = abstract_::index_isize(vm, &key)?;
        if index < 0 {
            return Err(vm.new_value_error("memo key must be positive integers.".to_owned()));
        }
    }
    Ok(UnpicklerMemo::default())
}

fn unpickler_get_persistent_load(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let u = this_unpickler(vm, this)?;
    let func = u.pers_func.borrow().clone();
    match func {
        Some(func) => Ok(bound_method(vm, this, func, u.pers_func_self.get())),
        None => Err(vm.new_attribute_error("persistent_load".to_owned())),
    }
}

fn unpickler_set_persistent_load(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let u = this_unpickler(vm, this)?;
    let Some(value) = value else {
        return Err(vm.new_type_error("attribute deletion is not supported".to_owned()));
    };
    if !krait_vm::builtins::is_callable(vm, &value) {
        return Err(
            vm.new_type_error("persistent_load must be a callable taking one argument".to_owned())
        );
    }
    u.pers_func_self.set(false);
    *u.pers_func.borrow_mut() = Some(value);
    Ok(())
}

// ---------------------------------------------------------------------------
// load() and loads()

pub(crate) fn module_load(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [file, fix_imports, encoding, errors, buffers] = LOAD.bind_args(vm, args)?;
    let encoding = str_arg(vm, "load", "encoding", encoding, "ASCII")?;
    let errors = str_arg(vm, "load", "errors", errors, "strict")?;
    let u = Unpickler::new_for(encoding, errors);
    u.set_input_stream(vm, &given(file))?;
    u.set_buffers(vm, buffers)?;
    u.set_fix_imports(vm, &fix_imports)?;
    load(vm, &u, None)
}

pub(crate) fn module_loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data, fix_imports, encoding, errors, buffers] = LOADS.bind_args(vm, args)?;
    let data = krait_vm::objects::bytes::bytes_like_arg(vm, &given(data))?;
    let encoding = str_arg(vm, "loads", "encoding", encoding, "ASCII")?;
    let errors = str_arg(vm, "loads", "errors", errors, "strict")?;
    let u = Unpickler::new_for(encoding, errors);
    {
        let mut input = u.input.borrow_mut();
        input.peeked_from = data.len();
        input.data = data;
    }
    u.set_buffers(vm, buffers)?;
    u.set_fix_imports(vm, &fix_imports)?;
    load(vm, &u, None)
}
