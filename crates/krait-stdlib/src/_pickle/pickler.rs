//! `_pickle.Pickler` and `dump`/`dumps`: the pickler's state, its output and the
//! Python type. How objects are written is `save.rs`.
//!
//! The output collects in a buffer. From protocol 4 on it is cut into frames of
//! about 64 KiB: each starts with a FRAME header that is filled in when the frame is
//! closed (and dropped again if the frame stays shorter than 4 bytes), and a
//! `Pickler` writing to a file passes each finished frame to `file.write`. Data of
//! 64 KiB or more goes out unframed, straight to the file.
//!
//! The state sits in cells borrowed only for a moment, never across a call into
//! Python: `persistent_id`, `__reduce_ex__` or a `write` method may use the pickler
//! again.

use std::cell::{Cell, RefCell};

use krait_vm::native::NativeTypeSpec;
use krait_vm::native::{native_data, new_native_object, new_native_type, MethodDef, NativeData};
use krait_vm::object::GetSet;
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::typeobject;
use krait_vm::signature::Signature;
use krait_vm::slots::NativeSlot;
use krait_vm::{abstract_, ObjRef, Payload, PyResult, Value, Vm};
use rustc_hash::FxHashSet;

use super::memo::{address, Identity, MemoTable};
use super::opcodes::*;
use super::save::Dumper;
use super::{pickling_error, state};
use crate::given;

/// The output buffer and where the open frame starts.
#[derive(Default)]
struct Output {
    data: Vec<u8>,
    frame_start: Option<usize>,
}

/// The state of a pickler (CPython's `PicklerObject`).
#[derive(Default)]
pub(crate) struct Pickler {
    pub(super) proto: Cell<u8>,
    /// The `bin` attribute: whether to use the binary opcodes (`proto > 0`).
    pub(super) bin: Cell<i64>,
    /// The `fast` attribute: when true, nothing is memoised.
    pub(super) fast: Cell<i64>,
    pub(super) fast_nesting: Cell<usize>,
    /// The containers being written, in fast mode past FAST_NESTING_LIMIT.
    pub(super) fast_memo: RefCell<FxHashSet<usize>>,
    pub(super) fix_imports: Cell<bool>,
    pub(super) framing: Cell<bool>,
    /// `file.write`; `None` for `dumps` and before `__init__`.
    pub(super) write: RefCell<Option<Value>>,
    /// `persistent_id`, and whether it is a function to call with the pickler first
    /// (a method of the pickler's class, kept unbound to avoid a cycle).
    pub(super) pers_func: RefCell<Option<Value>>,
    pub(super) pers_func_self: Cell<bool>,
    pub(super) dispatch_table: RefCell<Option<Value>>,
    pub(super) reducer_override: RefCell<Option<Value>>,
    pub(super) buffer_callback: RefCell<Option<Value>>,
    pub(crate) memo: RefCell<MemoTable>,
    output: RefCell<Output>,
}

impl NativeData for Pickler {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        let cells = [
            &self.write,
            &self.pers_func,
            &self.dispatch_table,
            &self.reducer_override,
            &self.buffer_callback,
        ];
        for cell in cells {
            let Ok(value) = cell.try_borrow() else {
                return false;
            };
            if let Some(v) = value.as_ref() {
                visit(v);
            }
        }
        let Ok(memo) = self.memo.try_borrow() else {
            return false;
        };
        for (_, obj) in memo.entries.values() {
            visit(obj);
        }
        true
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        let cells = [
            &self.write,
            &self.pers_func,
            &self.dispatch_table,
            &self.reducer_override,
            &self.buffer_callback,
        ];
        for cell in cells {
            if let Ok(mut value) = cell.try_borrow_mut() {
                taken.extend(value.take());
            }
        }
        if let Ok(mut memo) = self.memo.try_borrow_mut() {
            taken.extend(memo.entries.drain().map(|(_, (_, obj))| obj));
        }
    }
}

// ---------------------------------------------------------------------------
// Arguments shared by the constructor and `dump`/`dumps`

/// The protocol asked for: `None` is the default, a negative number the highest.
fn protocol_number(vm: &mut Vm, protocol: &Option<Value>) -> PyResult<u8> {
    let proto = match protocol {
        None | Some(Value::None) => DEFAULT_PROTOCOL,
        Some(v) => {
            let n = abstract_::index(vm, v)?;
            match krait_vm::objects::int::as_i64(&n) {
                Some(n) => n,
                None => {
                    return Err(vm.new_overflow_error(
                        "Python int too large to convert to C long".to_owned(),
                    ))
                }
            }
        }
    };
    if proto < 0 {
        Ok(HIGHEST_PROTOCOL as u8)
    } else if proto > HIGHEST_PROTOCOL {
        Err(vm.new_value_error(format!("pickle protocol must be <= {HIGHEST_PROTOCOL}")))
    } else {
        Ok(proto as u8)
    }
}

impl Pickler {
    fn set_protocol(
        &self,
        vm: &mut Vm,
        protocol: &Option<Value>,
        fix: &Option<Value>,
    ) -> PyResult<()> {
        let proto = protocol_number(vm, protocol)?;
        let fix_imports = match fix {
            None => true,
            Some(v) => abstract_::is_true(vm, v)?,
        };
        self.proto.set(proto);
        self.bin.set(i64::from(proto > 0));
        self.fix_imports.set(fix_imports && proto < 3);
        Ok(())
    }

    fn set_output(&self, vm: &mut Vm, file: &Value) -> PyResult<()> {
        match abstract_::getattr_optional(vm, file, "write")? {
            Some(write) => {
                *self.write.borrow_mut() = Some(write);
                Ok(())
            }
            None => Err(vm.new_type_error("file must have a 'write' attribute".to_owned())),
        }
    }

    fn set_buffer_callback(&self, vm: &mut Vm, callback: Option<Value>) -> PyResult<()> {
        let callback = callback.filter(|c| !c.is_none());
        if callback.is_some() && self.proto.get() < 5 {
            return Err(vm.new_value_error("buffer_callback needs protocol >= 5".to_owned()));
        }
        *self.buffer_callback.borrow_mut() = callback;
        Ok(())
    }

    fn clear_output(&self) {
        let mut out = self.output.borrow_mut();
        out.data.clear();
        out.frame_start = None;
    }

    /// The output so far, with the open frame closed.
    fn take_output(&self) -> Vec<u8> {
        self.commit_frame();
        let mut out = self.output.borrow_mut();
        out.frame_start = None;
        std::mem::take(&mut out.data)
    }
}

// ---------------------------------------------------------------------------
// Writing: the buffer and its frames

impl Pickler {
    pub(super) fn write(&self, bytes: &[u8]) {
        let mut out = self.output.borrow_mut();
        if self.framing.get() && out.frame_start.is_none() {
            let start = out.data.len();
            out.frame_start = Some(start);
            out.data.extend_from_slice(&[0xfe; FRAME_HEADER_SIZE]);
        }
        out.data.extend_from_slice(bytes);
    }

    pub(super) fn op(&self, opcode: u8) {
        self.write(&[opcode]);
    }

    /// Closes the open frame: fills in its header, or removes the header of a frame
    /// too short to be worth one.
    pub(super) fn commit_frame(&self) {
        if !self.framing.get() {
            return;
        }
        let mut out = self.output.borrow_mut();
        let Some(start) = out.frame_start.take() else {
            return;
        };
        let len = out.data.len() - start - FRAME_HEADER_SIZE;
        if len >= FRAME_SIZE_MIN {
            out.data[start] = FRAME;
            out.data[start + 1..start + FRAME_HEADER_SIZE]
                .copy_from_slice(&(len as u64).to_le_bytes());
        } else {
            out.data.drain(start..start + FRAME_HEADER_SIZE);
        }
    }

    /// Passes what is buffered to `file.write` (the open frame closed first).
    pub(super) fn flush_to_file(&self, vm: &mut Vm) -> PyResult<()> {
        let data = self.take_output();
        let write = self.write.borrow().clone();
        if let Some(write) = write {
            let bytes = vm.new_bytes(data);
            vm.call1(&write, vec![bytes])?;
        }
        Ok(())
    }

    /// Between two opcodes: a full frame is closed and, with a file, written out.
    pub(super) fn opcode_boundary(&self, vm: &mut Vm) -> PyResult<()> {
        if !self.framing.get() {
            return Ok(());
        }
        let full = {
            let out = self.output.borrow();
            out.frame_start.is_some_and(|start| {
                out.data.len() - start - FRAME_HEADER_SIZE >= FRAME_SIZE_TARGET
            })
        };
        if full {
            self.commit_frame();
            if self.write.borrow().is_some() {
                self.flush_to_file(vm)?;
            }
        }
        Ok(())
    }

    /// An opcode's header and its (possibly large) data. Data of a frame's size or
    /// more goes outside any frame, and with a file straight to `write`, as the
    /// object `payload` when there is one.
    pub(super) fn write_bytes(
        &self,
        vm: &mut Vm,
        header: &[u8],
        data: &[u8],
        payload: Option<&Value>,
    ) -> PyResult<()> {
        let bypass = data.len() >= FRAME_SIZE_TARGET;
        let framing = self.framing.get();
        if bypass {
            self.commit_frame();
            self.framing.set(false);
        }
        self.write(header);
        if bypass && self.write.borrow().is_some() {
            let result = self.flush_to_file(vm).and_then(|()| {
                let write = self.write.borrow().clone().unwrap_or(Value::None);
                let payload = match payload {
                    Some(p) => p.clone(),
                    None => vm.new_bytes(data.to_vec()),
                };
                vm.call1(&write, vec![payload])
            });
            self.framing.set(framing);
            result?;
        } else {
            self.write(data);
            self.framing.set(framing);
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The memo

impl Pickler {
    pub(super) fn memo_get(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let Some(index) = self.memo.borrow().get(obj) else {
            return Err(vm.new_key_error(obj.clone()));
        };
        if self.bin.get() == 0 {
            self.write(format!("g{index}\n").as_bytes());
        } else if index < 256 {
            self.write(&[BINGET, index as u8]);
        } else if index <= 0xffff_ffff {
            let mut op = vec![LONG_BINGET];
            op.extend_from_slice(&(index as u32).to_le_bytes());
            self.write(&op);
        } else {
            return Err(pickling_error(vm, "memo id too large for LONG_BINGET"));
        }
        Ok(())
    }

    pub(super) fn memo_put(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        if self.fast.get() != 0 {
            return Ok(());
        }
        let index = {
            let mut memo = self.memo.borrow_mut();
            let index = memo.len();
            memo.set(obj, index);
            index
        };
        if self.proto.get() >= 4 {
            self.op(MEMOIZE);
        } else if self.bin.get() == 0 {
            self.write(format!("p{index}\n").as_bytes());
        } else if index < 256 {
            self.write(&[BINPUT, index as u8]);
        } else if index <= 0xffff_ffff {
            let mut op = vec![LONG_BINPUT];
            op.extend_from_slice(&(index as u32).to_le_bytes());
            self.write(&op);
        } else {
            return Err(pickling_error(vm, "memo id too large for LONG_BINPUT"));
        }
        Ok(())
    }

    pub(super) fn in_memo(&self, obj: &Value) -> bool {
        self.memo.borrow().get(obj).is_some()
    }

    /// In fast mode, refuses a container met again inside itself once nesting is
    /// deep enough for that to be likely.
    pub(super) fn fast_enter(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let nesting = self.fast_nesting.get() + 1;
        self.fast_nesting.set(nesting);
        if nesting >= FAST_NESTING_LIMIT {
            let key = address(obj);
            if !self.fast_memo.borrow_mut().insert(key) {
                let name = vm.type_name_of(obj);
                return Err(vm.new_value_error(format!(
                    "fast mode: can't pickle cyclic objects including object type {name} at {key:#x}"
                )));
            }
        }
        Ok(())
    }

    pub(super) fn fast_leave(&self, obj: &Value) {
        let nesting = self.fast_nesting.get();
        if nesting >= FAST_NESTING_LIMIT {
            self.fast_memo.borrow_mut().remove(&address(obj));
        }
        self.fast_nesting.set(nesting.saturating_sub(1));
    }
}

// ---------------------------------------------------------------------------
// The Pickler type

static PICKLER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some(PICKLER_DOC),
    text_signature: Some("(file, protocol=None, fix_imports=True, buffer_callback=None)"),
    subclassable: true,
    new: Some(pickler_new),
    slots: &[NativeSlot::Init(pickler_init)],
    methods: &[
        MethodDef::method("dump", pickler_dump).with_signature(&PICKLER_DUMP),
        MethodDef::method("clear_memo", pickler_clear_memo).with_signature(&CLEAR_MEMO),
        MethodDef::method("__sizeof__", pickler_sizeof).with_signature(&SIZEOF),
    ],
    getsets: &[
        GetSet {
            name: "memo",
            get: pickler_get_memo,
            set: Some(pickler_set_memo),
        },
        GetSet {
            name: "persistent_id",
            get: pickler_get_persistent_id,
            set: Some(pickler_set_persistent_id),
        },
        GetSet {
            name: "bin",
            get: pickler_get_bin,
            set: Some(pickler_set_bin),
        },
        GetSet {
            name: "fast",
            get: pickler_get_fast,
            set: Some(pickler_set_fast),
        },
        GetSet {
            name: "dispatch_table",
            get: pickler_get_dispatch_table,
            set: Some(pickler_set_dispatch_table),
        },
    ],
    ..NativeTypeSpec::new("Pickler", "_pickle")
};

const PICKLER_DOC: &str = concat!(
    "This takes a binary file for writing a pickle data stream.\n",
    "\n",
    "The optional *protocol* argument tells the pickler to use the given\n",
    "protocol; supported protocols are 0, 1, 2, 3, 4 and 5.  The default\n",
    "protocol is 4. It was introduced in Python 3.4, and is incompatible\n",
    "with previous versions.\n",
    "\n",
    "Specifying a negative protocol version selects the highest protocol\n",
    "version supported.  The higher the protocol used, the more recent the\n",
    "version of Python needed to read the pickle produced.\n",
    "\n",
    "The *file* argument must have a write() method that accepts a single\n",
    "bytes argument. It can thus be a file object opened for binary\n",
    "writing, an io.BytesIO instance, or any other custom object that meets\n",
    "this interface.\n",
    "\n",
    "If *fix_imports* is True and protocol is less than 3, pickle will try\n",
    "to map the new Python 3 names to the old module names used in Python\n",
    "2, so that the pickle data stream is readable with Python 2.\n",
    "\n",
    "If *buffer_callback* is None (the default), buffer views are\n",
    "serialized into *file* as part of the pickle stream.\n",
    "\n",
    "If *buffer_callback* is not None, then it can be called any number\n",
    "of times with a buffer view.  If the callback returns a false value\n",
    "(such as None), the given buffer is out-of-band; otherwise the\n",
    "buffer is serialized in-band, i.e. inside the pickle stream.\n",
    "\n",
    "It is an error if *buffer_callback* is not None and *protocol*\n",
    "is None or smaller than 5.",
);

static PICKLER_NEW: Signature =
    Signature::unlisted("Pickler", "__new__", "($type, *args, **kwargs)");
static PICKLER_INIT: Signature = Signature::new(
    "Pickler",
    "($self, /, file, protocol=None, fix_imports=True, buffer_callback=None)",
)
.not_listed();
static PICKLER_DUMP: Signature = Signature::of("Pickler", "dump", "($self, obj, /)");
static CLEAR_MEMO: Signature = Signature::of("Pickler", "clear_memo", "($self, /)");
static SIZEOF: Signature = Signature::of("Pickler", "__sizeof__", "($self, /)");
pub(crate) static DUMP: Signature = Signature::new(
    "dump",
    "($module, /, obj, file, protocol=None, *, fix_imports=True, buffer_callback=None)",
);
pub(crate) static DUMPS: Signature = Signature::new(
    "dumps",
    "($module, /, obj, protocol=None, *, fix_imports=True, buffer_callback=None)",
);

pub(crate) fn new_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &PICKLER_TYPE, None)
}

fn pickler_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let bound = PICKLER_NEW.bind_all::<0>(vm, args)?;
    let cls = crate::class_of_call(vm, bound.this, "Pickler")?;
    Ok(new_native_object(vm, &cls, Pickler::default()))
}

fn this_pickler<'a>(vm: &mut Vm, this: &'a Value) -> PyResult<&'a Pickler> {
    native_data::<Pickler>(this).ok_or_else(|| crate::wrong_receiver(vm, "_pickle.Pickler", this))
}

/// Looks up a method the object may define (`persistent_id`, `persistent_load`):
/// a function of its class is kept unbound, to call with the object first.
pub(crate) fn method_ref(vm: &mut Vm, this: &Value, name: &str) -> PyResult<(Option<Value>, bool)> {
    let Some(found) = abstract_::getattr_optional(vm, this, name)? else {
        return Ok((None, false));
    };
    if let Value::Obj(o) = &found {
        if let Payload::Method { func, this: bound } = &o.payload {
            if bound.is(this) {
                return Ok((Some(func.clone()), true));
            }
        }
    }
    Ok((Some(found), false))
}

/// A method kept unbound by `method_ref`, bound again for Python code to see.
pub(crate) fn bound_method(vm: &mut Vm, this: &Value, func: Value, unbound: bool) -> Value {
    if unbound {
        abstract_::new_method(vm, func, this.clone())
    } else {
        func
    }
}

fn pickler_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [file, protocol, fix_imports, buffer_callback]) = PICKLER_INIT.bind(vm, args)?;
    let this = given(this);
    let p = this_pickler(vm, &this)?;
    // A second `__init__` starts afresh.
    if p.write.borrow().is_some() {
        let mut taken = Vec::new();
        p.clear(&mut taken);
        drop(taken);
    }
    p.set_protocol(vm, &protocol, &fix_imports)?;
    p.set_output(vm, &given(file))?;
    p.set_buffer_callback(vm, buffer_callback)?;
    p.memo.borrow_mut().clear();
    p.clear_output();
    p.fast.set(0);
    p.fast_nesting.set(0);
    p.fast_memo.borrow_mut().clear();
    let (pers_func, unbound) = method_ref(vm, &this, "persistent_id")?;
    *p.pers_func.borrow_mut() = pers_func;
    p.pers_func_self.set(unbound);
    if p.dispatch_table.borrow().is_none() {
        let table = abstract_::getattr_optional(vm, &this, "dispatch_table")?;
        *p.dispatch_table.borrow_mut() = table;
    }
    Ok(Value::None)
}

fn pickler_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, [obj]) = PICKLER_DUMP.bind(vm, args)?;
    let this = given(this);
    let p = this_pickler(vm, &this)?;
    if p.write.borrow().is_none() {
        let name = typeobject::type_name(&vm.type_of(&this));
        return Err(pickling_error(
            vm,
            &format!("Pickler.__init__() was not called by {name}.__init__()"),
        ));
    }
    p.clear_output();
    let dumper = Dumper {
        p,
        this: Some(&this),
        st: state(vm)?,
    };
    dumper.dump(vm, &given(obj))?;
    p.flush_to_file(vm)?;
    Ok(Value::None)
}

fn pickler_clear_memo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = CLEAR_MEMO.bind(vm, args)?;
    let this = given(this);
    this_pickler(vm, &this)?.memo.borrow_mut().clear();
    Ok(Value::None)
}

fn pickler_sizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = SIZEOF.bind(vm, args)?;
    let this = given(this);
    let p = this_pickler(vm, &this)?;
    let size = std::mem::size_of::<Pickler>()
        + p.memo.borrow().entries.capacity() * std::mem::size_of::<(Identity, (usize, Value))>()
        + p.output.borrow().data.capacity();
    Ok(Value::Int(size as i64))
}

fn pickler_get_memo(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    this_pickler(vm, this)?;
    super::memo::new_pickler_proxy(vm, this)
}

fn pickler_set_memo(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let p = this_pickler(vm, this)?;
    let Some(value) = value else {
        return Err(vm.new_type_error("attribute deletion is not supported".to_owned()));
    };
    let memo = super::memo::pickler_memo_from(vm, &value)?;
    *p.memo.borrow_mut() = memo;
    Ok(())
}

/// Builds a memo table from `{id: (index, object)}` (what `memo.copy()` gives).
pub(crate) fn memo_from_dict(vm: &mut Vm, d: &ObjRef) -> PyResult<MemoTable> {
    let mut memo = MemoTable::default();
    for (_, value) in dict::dict_items(d) {
        let Some(pair) = abstract_::tuple_items(&value).filter(|p| p.len() == 2) else {
            return Err(vm.new_type_error("'memo' values must be 2-item tuples".to_owned()));
        };
        let index = abstract_::index_isize(vm, &pair[0])?;
        memo.set(&pair[1], index as usize);
    }
    Ok(memo)
}

fn pickler_get_persistent_id(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let p = this_pickler(vm, this)?;
    let func = p.pers_func.borrow().clone();
    match func {
        Some(func) => Ok(bound_method(vm, this, func, p.pers_func_self.get())),
        None => Err(vm.new_attribute_error("persistent_id".to_owned())),
    }
}

fn pickler_set_persistent_id(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let p = this_pickler(vm, this)?;
    let Some(value) = value else {
        return Err(vm.new_type_error("attribute deletion is not supported".to_owned()));
    };
    if !krait_vm::builtins::is_callable(vm, &value) {
        return Err(
            vm.new_type_error("persistent_id must be a callable taking one argument".to_owned())
        );
    }
    p.pers_func_self.set(false);
    *p.pers_func.borrow_mut() = Some(value);
    Ok(())
}

/// A `T_INT` member: an int that fits C's int.
fn int_member(vm: &mut Vm, value: Option<Value>) -> PyResult<i64> {
    let Some(value) = value else {
        return Err(vm.new_type_error("can't delete numeric/char attribute".to_owned()));
    };
    if !krait_vm::objects::int::is_int(&value) {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    }
    match krait_vm::objects::int::as_i64(&value).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Ok(i64::from(n)),
        None => Err(vm.new_overflow_error("Python int too large to convert to C long".to_owned())),
    }
}

fn pickler_get_bin(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(this_pickler(vm, this)?.bin.get()))
}

fn pickler_set_bin(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let n = int_member(vm, value)?;
    this_pickler(vm, this)?.bin.set(n);
    Ok(())
}

fn pickler_get_fast(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    Ok(Value::Int(this_pickler(vm, this)?.fast.get()))
}

fn pickler_set_fast(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let n = int_member(vm, value)?;
    this_pickler(vm, this)?.fast.set(n);
    Ok(())
}

fn pickler_get_dispatch_table(vm: &mut Vm, this: &Value) -> PyResult<Value> {
    let table = this_pickler(vm, this)?.dispatch_table.borrow().clone();
    table.ok_or_else(|| vm.new_attribute_error("dispatch_table".to_owned()))
}

fn pickler_set_dispatch_table(vm: &mut Vm, this: &Value, value: Option<Value>) -> PyResult<()> {
    let p = this_pickler(vm, this)?;
    if value.is_none() && p.dispatch_table.borrow().is_none() {
        return Err(vm.new_attribute_error("dispatch_table".to_owned()));
    }
    *p.dispatch_table.borrow_mut() = value;
    Ok(())
}

// ---------------------------------------------------------------------------
// dump() and dumps()

pub(crate) fn module_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, file, protocol, fix_imports, buffer_callback] = DUMP.bind_args(vm, args)?;
    let p = Pickler::default();
    p.set_protocol(vm, &protocol, &fix_imports)?;
    p.set_output(vm, &given(file))?;
    p.set_buffer_callback(vm, buffer_callback)?;
    let dumper = Dumper {
        p: &p,
        this: None,
        st: state(vm)?,
    };
    dumper.dump(vm, &given(obj))?;
    p.flush_to_file(vm)?;
    Ok(Value::None)
}

pub(crate) fn module_dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [obj, protocol, fix_imports, buffer_callback] = DUMPS.bind_args(vm, args)?;
    let p = Pickler::default();
    p.set_protocol(vm, &protocol, &fix_imports)?;
    p.set_buffer_callback(vm, buffer_callback)?;
    let dumper = Dumper {
        p: &p,
        this: None,
        st: state(vm)?,
    };
    dumper.dump(vm, &given(obj))?;
    let data = p.take_output();
    Ok(vm.new_bytes(data))
}
