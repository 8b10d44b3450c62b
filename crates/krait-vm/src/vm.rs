//! The interpreter state (CPython's `PyInterpreterState` and `PyThreadState` in one):
//! the builtin types, `sys` and `builtins`, the frame stack and the value stack. No
//! global or thread-local state: several `Vm`s can live in one process.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::frame::Frame;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::dict::DictData;
use crate::objects::str::PyStr;
use crate::objects::typeobject::{self, new_builtin_type, Layout};
use crate::value::{RawSlot, Value};
use crate::Exc;
use crate::{PyErr, PyResult};

/// How the interpreter was started: what `sys` shows and the command-line switches.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub argv: Vec<String>,
    /// `sys.path[0]`: the script's folder, '' for `-c`/`-m`/stdin.
    pub path0: Option<String>,
    pub extra_paths: Vec<String>,
    pub stdlib: Option<String>,
    pub optimize: u8,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub no_site: bool,
    pub no_user_site: bool,
    pub dont_write_bytecode: bool,
    /// `sys.pycache_prefix`: where `.pyc` files go instead of `__pycache__` folders
    /// (`PYTHONPYCACHEPREFIX`).
    pub pycache_prefix: Option<String>,
    pub unbuffered: bool,
    pub executable: String,
    /// `sys.warnoptions`: `default` under dev mode, `PYTHONWARNINGS`, the `-W`
    /// options, then what `-b` asks for, in that order (later ones win).
    pub warnoptions: Vec<String>,
    /// `sys._xoptions`: each `-X name` or `-X name=value`.
    pub xoptions: Vec<(String, Option<String>)>,
    /// `-X dev` or `PYTHONDEVMODE`.
    pub dev_mode: bool,
    /// `-b` (1) or `-bb` (2).
    pub bytes_warning: u8,
    /// `-X no_debug_ranges` or `PYTHONNODEBUGRANGES`: code objects keep lines but no
    /// columns in their location tables.
    pub no_debug_ranges: bool,
    /// `-X importtime` or `PYTHONPROFILEIMPORTTIME`: each import's time goes to
    /// standard error.
    pub import_time: bool,
}

macro_rules! builtin_types {
    ($($field:ident),* $(,)?) => {
        /// The builtin type objects.
        pub struct Types {
            $(pub $field: ObjRef,)*
        }

        impl Types {
            /// Every builtin type object.
            pub fn all(&self) -> Vec<ObjRef> {
                vec![$(self.$field.clone(),)*]
            }
        }
    };
}

builtin_types!(
    object,
    type_,
    int,
    bool_,
    float,
    complex,
    str,
    bytes,
    bytearray,
    list,
    tuple,
    dict,
    set,
    frozenset,
    range,
    slice,
    none_type,
    not_implemented_type,
    ellipsis_type,
    function,
    builtin_function,
    method_wrapper,
    method,
    method_descriptor,
    getset_descriptor,
    classmethod_descriptor,
    wrapper_descriptor,
    member_descriptor,
    property,
    classmethod,
    staticmethod,
    super_,
    code,
    cell,
    module,
    generator,
    coroutine,
    coroutine_wrapper,
    async_generator,
    frame,
    traceback,
    list_iterator,
    list_reverseiterator,
    tuple_iterator,
    range_iterator,
    longrange_iterator,
    str_iterator,
    str_ascii_iterator,
    bytes_iterator,
    bytearray_iterator,
    dict_keyiterator,
    dict_valueiterator,
    dict_itemiterator,
    dict_reversekeyiterator,
    dict_reversevalueiterator,
    dict_reverseitemiterator,
    dict_keys,
    dict_values,
    dict_items,
    set_iterator,
    enumerate,
    zip,
    map,
    filter,
    reversed,
    callable_iterator,
    iterator,
    mappingproxy,
);

/// Makes a builtin module when it is first imported.
pub type NativeModuleInit = fn(&mut Vm) -> PyResult<ObjRef>;

/// The handled exception of a suspended caller of a running generator, with the
/// topmost one at or below it, so that finding the exception being handled needs
/// no walk down a deep chain of generators.
pub struct OuterHandled {
    own: Option<Value>,
    topmost: Option<Value>,
}

pub struct Vm {
    pub types: Types,
    /// The classes of `_weakref`.
    pub weakref_types: crate::objects::weakref::WeakRefTypes,
    /// The weak references to each object that has some (`weakref.rs`).
    pub weakrefs: crate::objects::weakref::WeakRegistry,
    /// `sys.UnraisableHookArgs`, made when first needed.
    pub unraisable_args_type: Option<ObjRef>,
    /// `memoryview`.
    pub memoryview_type: ObjRef,
    /// `types.UnionType` (`int | str`) and `types.SimpleNamespace`.
    pub union_type: ObjRef,
    pub namespace_type: ObjRef,
    /// `sys.set_int_max_str_digits`: the int<->str conversion limit (0: none).
    pub int_max_str_digits: usize,
    /// `types.GenericAlias`, the class of `list[int]`.
    pub generic_alias: ObjRef,
    /// The builtin exception classes, indexed by `Exc`: read with `vm.exc(...)`.
    pub exc_types: Vec<ObjRef>,
    /// The builtin types are being made: namespaces change without refreshing slots
    /// and lookup caches, which `finish_bootstrap` does once at the end.
    pub bootstrapping: bool,
    pub none_obj: ObjRef,
    pub not_implemented: ObjRef,
    pub ellipsis: ObjRef,
    pub builtins: ObjRef,
    pub builtins_dict: ObjRef,
    pub sys: ObjRef,
    /// `importlib._bootstrap` (`_frozen_importlib`) once installed: it imports every
    /// module that `sys.modules` does not already hold.
    pub importlib: Option<ObjRef>,
    pub modules: ObjRef,
    interned: rustc_hash::FxHashMap<Rc<str>, ObjRef>,
    /// The one-character strs of code points below 256, interned: CPython keeps
    /// each as a single object, so `s[i]` and iteration allocate nothing for them.
    latin1_chars: Box<[ObjRef]>,
    /// Strs the interpreter keeps for its whole life without interning them, as
    /// CPython's statically allocated strings (`<lambda>`, `<module>`).
    static_strs: HashMap<&'static str, ObjRef>,
    /// The interned `"__name__"`, which every new function looks up in its
    /// globals (for `__module__`).
    pub(crate) dunder_name: ObjRef,
    /// The states of the Rust modules (`native.rs`).
    pub(crate) module_states: crate::native::ModuleStates,
    /// Native modules that `import` can make, by name.
    pub native_modules: HashMap<String, NativeModuleInit>,
    pub frames: Vec<Frame>,
    /// The value stack: each frame's locals, cells and free variables, then its
    /// operand stack, contiguous (CPython's `_PyInterpreterFrame` data stack).
    pub stack: Vec<Option<Value>>,
    /// Depth of Rust-level entries into the eval loop plus Python frames.
    pub recursion_limit: usize,
    /// `sys.getswitchinterval()`, in seconds.
    pub switch_interval: f64,
    /// The exception being handled by the running frame's code, or `None`. A
    /// generator's own; see `topmost_handled` for what the code sees.
    pub handled_exception: Option<Value>,
    /// The handled exceptions of the callers of the running generators, outermost
    /// first: CPython's chain of exception states.
    pub outer_handled: Vec<OuterHandled>,
    pub config: Config,
    /// Containers whose repr is being computed, to print `[...]` for cycles (a set:
    /// a deeply nested structure checks it at every level).
    pub repr_guard: rustc_hash::FxHashSet<usize>,
    /// Source text of files, for traceback lines (CPython's `linecache`).
    pub source_cache: HashMap<String, Rc<str>>,
    /// Where `-X importtime` stands: imports under way and their children's time.
    pub import_clock: crate::import::ImportClock,
    /// Calls into Rust code now running (see `Vm::enter_native`).
    pub native_depth: usize,
    /// Raises RecursionError before Rust recursion can exhaust the thread's stack.
    pub stack_guard: crate::native_stack::StackGuard,
    /// The cycle collector.
    pub gc: Rc<crate::gc::GcRegistry>,
    /// Objects whose `__del__` or generator `close()` is due.
    pub finalizers: crate::finalize::SharedQueue,
    /// Set by `RERAISE`: the error re-enters unwinding without a new traceback entry.
    pub reraising: bool,
    /// Fast paths into the standard streams (`sys::StreamHooks`).
    pub stream_hooks: crate::sys::StreamHooks,
    /// The trace and profile hooks (`trace.rs`).
    pub tracer: crate::trace::TraceState,
    /// A hook is set and none is running: the eval loop reports each instruction.
    pub use_tracing: bool,
    /// The generator being run to its end by a consumer of all its items
    /// (`generator::drain_into`).
    pub(crate) drain: crate::objects::generator::Drain,
}

/// The interned-name table's initial capacity.
const INTERNED_AT_START: usize = 3500;

impl Vm {
    pub fn new(config: Config) -> Vm {
        let types = bootstrap_types();
        let mk = |ty: &ObjRef, payload| PyObject::new(ty.clone(), payload);
        let none_obj = mk(&types.none_type, Payload::Instance);
        let not_implemented = mk(&types.not_implemented_type, Payload::NotImplemented);
        let ellipsis = mk(&types.ellipsis_type, Payload::Ellipsis);
        let builtins_dict = mk(&types.dict, Payload::Dict(RefCell::new(DictData::new())));
        let modules = mk(&types.dict, Payload::Dict(RefCell::new(DictData::new())));
        let placeholder = mk(&types.object, Payload::Instance);
        let weakref_types = crate::objects::weakref::WeakRefTypes::new(&types);
        let mut vm = Vm {
            types,
            weakref_types,
            weakrefs: Default::default(),
            unraisable_args_type: None,
            exc_types: Vec::new(),
            bootstrapping: true,
            none_obj,
            not_implemented,
            ellipsis,
            builtins: placeholder.clone(),
            generic_alias: placeholder.clone(),
            union_type: placeholder.clone(),
            memoryview_type: placeholder.clone(),
            namespace_type: placeholder.clone(),
            int_max_str_digits: 4300,
            builtins_dict,
            dunder_name: placeholder.clone(),
            sys: placeholder,
            importlib: None,
            modules,
            // Start-up interns some 3,000 names: room for them from the start
            // spares the table's growth (each step rehashes every name).
            interned: rustc_hash::FxHashMap::with_capacity_and_hasher(
                INTERNED_AT_START,
                Default::default(),
            ),
            latin1_chars: Box::new([]),
            static_strs: HashMap::new(),
            module_states: Default::default(),
            native_modules: HashMap::new(),
            frames: Vec::new(),
            stack: Vec::with_capacity(1024),
            recursion_limit: 1000,
            switch_interval: 0.005,
            handled_exception: None,
            outer_handled: Vec::new(),
            config,
            repr_guard: Default::default(),
            source_cache: HashMap::new(),
            import_clock: Default::default(),
            reraising: false,
            native_depth: 0,
            stack_guard: Default::default(),
            finalizers: Default::default(),
            gc: Rc::new(crate::gc::GcRegistry::new()),
            stream_hooks: Default::default(),
            tracer: Default::default(),
            use_tracing: false,
            drain: Default::default(),
        };
        vm.memoryview_type = crate::objects::memoryview::new_type(&vm);
        vm.intern("");
        vm.dunder_name = vm.intern("__name__");
        // Not interned: CPython's one-character strs are cached singletons that
        // `intern` adopts when first asked for their text (marshal data shows which).
        vm.latin1_chars = (0..=255u8)
            .map(|byte| {
                let text = char::from(byte).encode_utf8(&mut [0; 2]).to_owned();
                PyObject::new(vm.types.str.clone(), Payload::Str(PyStr::new(&text)))
            })
            .collect();
        crate::objects::init_types(&mut vm);
        crate::objects::memoryview::init(&mut vm);
        vm.generic_alias = crate::objects::generic_alias::init(&mut vm);
        vm.union_type = crate::objects::generic_alias::init_union(&mut vm);
        vm.namespace_type = crate::objects::generic_alias::init_namespace(&mut vm);
        crate::objects::weakref::init(&mut vm);
        vm.register_native_modules(&[
            ("_thread", crate::thread::init),
            ("gc", crate::gc_module::init),
            ("_tracemalloc", crate::tracemalloc::init),
            ("atexit", crate::atexit::init),
            ("_ast", crate::ast::init),
            ("_imp", crate::imp::init),
            ("_warnings", crate::warnings::init),
            ("_signal", crate::signals::init),
        ]);
        // Containers of every class are tracked by the cycle collector; classes
        // made later get it in `new_heap_type`.
        let mut all = vm.types.all();
        all.extend(vm.exc_types.iter().cloned());
        all.extend([
            vm.memoryview_type.clone(),
            vm.generic_alias.clone(),
            vm.union_type.clone(),
            vm.namespace_type.clone(),
            vm.weakref_types.reference.clone(),
        ]);
        for ty in all {
            let _ = typeobject::type_data(&ty).gc.set(vm.gc.clone());
        }
        crate::objects::exceptions::init(&mut vm);
        crate::objects::exception_group::init(&mut vm);
        crate::objects::give_builtin_types_a_doc(&mut vm);
        crate::pattern::flag_builtin_collections(&vm);
        crate::builtins::init(&mut vm);
        crate::sys::init(&mut vm);
        vm.bootstrapping = false;
        crate::slots::finish_bootstrap(&vm.types.object);
        vm
    }

    // --- making objects -------------------------------------------------------

    /// The interned str object for `name` (identifiers, attribute names).
    pub fn intern(&mut self, name: &str) -> ObjRef {
        if let Some(s) = self.interned.get(name) {
            return s.clone();
        }
        let mut chars = name.chars();
        let latin1 = match (chars.next(), chars.next()) {
            (Some(c), None) => self.latin1_chars.get(c as usize).cloned(),
            _ => None,
        };
        let obj = latin1.unwrap_or_else(|| {
            PyObject::new(self.types.str.clone(), Payload::Str(PyStr::new(name)))
        });
        self.interned.insert(Rc::from(name), obj.clone());
        obj
    }

    /// The interned str of `text`, if there is one (nothing is interned here).
    pub fn interned_str(&self, text: &str) -> Option<ObjRef> {
        self.interned.get(text).cloned()
    }

    /// Whether a str of `text` has been interned.
    pub fn is_interned_text(&self, text: &str) -> bool {
        self.interned.contains_key(text)
    }

    /// Whether `obj` is the interned str of its text.
    pub fn is_interned(&self, obj: &ObjRef) -> bool {
        obj.str_data()
            .and_then(|s| self.interned.get(s.as_str()))
            .is_some_and(|interned| Rc::ptr_eq(interned, obj))
    }

    /// The one str object for `text` that lives as long as the interpreter and is
    /// not interned (CPython's `_Py_STR` statics).
    pub fn static_str(&mut self, text: &'static str) -> ObjRef {
        if let Some(s) = self.static_strs.get(text) {
            return s.clone();
        }
        let obj = PyObject::new(self.types.str.clone(), Payload::Str(PyStr::new(text)));
        self.static_strs.insert(text, obj.clone());
        obj
    }

    pub fn new_str(&self, s: impl Into<String> + AsRef<str>) -> Value {
        // The shared one-character strs are found before any `String` is made.
        if let Some(shared) = self.shared_short_str(s.as_ref()) {
            return shared;
        }
        let s = s.into();
        Value::Obj(PyObject::new(
            self.types.str.clone(),
            Payload::Str(PyStr::from_string(s)),
        ))
    }

    /// A str that may hold lone surrogates.
    pub fn new_pystr(&self, s: PyStr) -> Value {
        if let Some(shared) = self.shared_short_str(s.as_str()) {
            return shared;
        }
        Value::Obj(PyObject::new(self.types.str.clone(), Payload::Str(s)))
    }

    /// The one str object of `text` when it is empty or one latin-1 character, as
    /// CPython keeps them (a lone surrogate is never one: its text is longer).
    #[inline]
    pub(crate) fn shared_short_str(&self, text: &str) -> Option<Value> {
        if text.len() > 2 {
            return None;
        }
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (None, _) => self.interned.get("").map(|empty| Value::Obj(empty.clone())),
            (Some(c), None) => self.latin1_char(c as u32),
            _ => None,
        }
    }

    /// The single str of the character `code`, if it is below 256 (CPython's
    /// `get_latin1_char`); `None` before the table is made or above 255.
    #[inline]
    pub fn latin1_char(&self, code: u32) -> Option<Value> {
        self.latin1_chars
            .get(code as usize)
            .map(|s| Value::Obj(s.clone()))
    }

    /// The str built in `text`.
    pub fn new_text(&self, text: crate::objects::str::StrBuf) -> Value {
        self.new_pystr(text.into_pystr())
    }

    pub fn new_bytes(&self, b: Vec<u8>) -> Value {
        Value::Obj(PyObject::new(
            self.types.bytes.clone(),
            Payload::Bytes(b.into_boxed_slice()),
        ))
    }

    pub fn new_tuple(&self, items: Vec<Value>) -> Value {
        Value::Obj(PyObject::new(
            self.types.tuple.clone(),
            Payload::Tuple(items.into_boxed_slice()),
        ))
    }

    pub fn new_list(&self, items: Vec<Value>) -> Value {
        Value::Obj(PyObject::new(
            self.types.list.clone(),
            Payload::List(RefCell::new(items)),
        ))
    }

    pub fn new_dict(&self) -> ObjRef {
        PyObject::new(
            self.types.dict.clone(),
            Payload::Dict(RefCell::new(DictData::new())),
        )
    }

    pub fn new_dict_from(&self, data: DictData) -> ObjRef {
        PyObject::new(self.types.dict.clone(), Payload::Dict(RefCell::new(data)))
    }

    pub fn new_big_int(&self, n: num_bigint::BigInt) -> Value {
        crate::objects::int::int_from_big(self, n)
    }

    pub fn not_implemented(&self) -> Value {
        Value::Obj(self.not_implemented.clone())
    }

    pub fn ellipsis(&self) -> Value {
        Value::Obj(self.ellipsis.clone())
    }

    // --- types of values ------------------------------------------------------

    /// `type(v)`.
    pub fn type_of(&self, v: &Value) -> ObjRef {
        match v {
            Value::None => self.types.none_type.clone(),
            Value::Bool(_) => self.types.bool_.clone(),
            Value::Int(_) => self.types.int.clone(),
            Value::Float(_) => self.types.float.clone(),
            Value::Obj(o) => o.class(),
        }
    }

    pub fn type_name_of(&self, v: &Value) -> String {
        match v {
            Value::None => "NoneType".to_owned(),
            Value::Bool(_) => "bool".to_owned(),
            Value::Int(_) => "int".to_owned(),
            Value::Float(_) => "float".to_owned(),
            Value::Obj(o) => typeobject::type_name(&o.class()),
        }
    }

    pub fn isinstance(&self, v: &Value, class: &ObjRef) -> bool {
        // The usual case, an object of exactly that class, takes no reference.
        if let Value::Obj(o) = v {
            if std::ptr::eq(o.class_ref(), &**class) {
                return true;
            }
        }
        typeobject::is_subtype(&self.type_of(v), class)
    }

    // --- exceptions -----------------------------------------------------------

    /// The exception being handled as `sys.exc_info()`, a bare `raise` and implicit
    /// chaining see it: the running code's own, or when it handles none (a generator
    /// resumed from an `except` block), its nearest caller's.
    pub fn topmost_handled(&self) -> Option<Value> {
        match &self.handled_exception {
            Some(e) if !e.is_none() => Some(e.clone()),
            _ => self.outer_handled.last()?.topmost.clone(),
        }
    }

    /// Saves the handled exception of a generator's caller while the generator
    /// runs with its own.
    pub fn push_outer_handled(&mut self, own: Option<Value>) {
        let topmost = match &own {
            Some(e) if !e.is_none() => Some(e.clone()),
            _ => self.outer_handled.last().and_then(|h| h.topmost.clone()),
        };
        let place = crate::value::next_slot(&mut self.outer_handled);
        // SAFETY: `place` is the slot past the end, inside the buffer, holding
        // nothing; both fields are written (as words, `RawSlot`, so that the next
        // read of them need not wait for narrower stores), then it is counted.
        unsafe {
            RawSlot::from_slot(own).write(std::ptr::addr_of_mut!((*place).own));
            RawSlot::from_slot(topmost).write(std::ptr::addr_of_mut!((*place).topmost));
            self.outer_handled.set_len(self.outer_handled.len() + 1);
        }
    }

    /// The caller's handled exception, back when the generator is left.
    pub fn pop_outer_handled(&mut self) -> Option<Value> {
        self.outer_handled.pop().and_then(|h| h.own)
    }

    /// The builtin exception class `exc`.
    #[inline]
    pub fn exc(&self, exc: Exc) -> &ObjRef {
        &self.exc_types[exc as usize]
    }

    /// The builtin exception class called `name` (`EnvironmentError` and `IOError`
    /// are `OSError`), for names that come from data rather than from the code.
    pub fn exception_by_name(&self, name: &str) -> Option<&ObjRef> {
        let name = match name {
            "EnvironmentError" | "IOError" => "OSError",
            other => other,
        };
        let exc = Exc::ALL.iter().find(|e| e.name() == name)?;
        Some(self.exc(*exc))
    }

    /// A new exception of class `exc` with a single message argument.
    pub fn new_error(&mut self, exc: Exc, msg: impl Into<String>) -> PyErr {
        let class = self.exc(exc).clone();
        let arg = self.new_str(msg.into());
        crate::objects::exceptions::new_exception(self, &class, vec![arg])
    }

    pub fn new_type_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::TypeError, msg)
    }

    pub fn new_value_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::ValueError, msg)
    }

    pub fn new_attribute_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::AttributeError, msg)
    }

    pub fn new_index_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::IndexError, msg)
    }

    pub fn new_overflow_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::OverflowError, msg)
    }

    pub fn new_zero_division_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::ZeroDivisionError, msg)
    }

    pub fn new_name_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::NameError, msg)
    }

    pub fn new_key_error(&mut self, key: Value) -> PyErr {
        let class = self.exc(Exc::KeyError).clone();
        crate::objects::exceptions::new_exception(self, &class, vec![key])
    }

    pub fn new_stop_iteration(&mut self, value: Option<Value>) -> PyErr {
        let class = self.exc(Exc::StopIteration).clone();
        let args = value.into_iter().collect();
        crate::objects::exceptions::new_exception(self, &class, args)
    }

    pub fn new_runtime_error(&mut self, msg: String) -> PyErr {
        self.new_error(Exc::RuntimeError, msg)
    }

    /// Whether `err` is an instance of the builtin exception class `exc`.
    pub fn err_matches(&self, err: &PyErr, exc: Exc) -> bool {
        typeobject::is_subtype(&err.0.class(), self.exc(exc))
    }

    // --- builtins and modules -------------------------------------------------

    pub fn register_native_module(&mut self, name: &str, init: NativeModuleInit) {
        self.register_native_modules(&[(name, init)]);
    }

    /// Registers several modules at once, making `sys.builtin_module_names` once.
    pub fn register_native_modules(&mut self, modules: &[(&str, NativeModuleInit)]) {
        for (name, init) in modules {
            self.native_modules.insert((*name).to_owned(), *init);
        }
        self.update_builtin_module_names();
    }

    /// `sys.builtin_module_names`: the modules compiled in, sorted (`os.py` looks
    /// for `posix` there).
    fn update_builtin_module_names(&mut self) {
        let Some(sys) = crate::objects::module::module_dict(&self.sys) else {
            return;
        };
        let mut names: Vec<String> = self.native_modules.keys().cloned().collect();
        names.extend(["builtins".to_owned(), "sys".to_owned()]);
        names.sort();
        names.dedup();
        let items = names.into_iter().map(|n| self.new_str(n)).collect();
        let tuple = self.new_tuple(items);
        crate::objects::dict::dict_set_str(self, &sys, "builtin_module_names", tuple);
    }
}

/// Makes the builtin type objects; their methods are added by `objects::init_types`.
fn bootstrap_types() -> Types {
    let object = new_builtin_type(None, "object", None, Layout::Object, None);
    let type_ = new_builtin_type(None, "type", Some(&object), Layout::Type, None);
    let dict = new_builtin_type(Some(&type_), "dict", Some(&object), Layout::Dict, None);
    for t in [&object, &type_] {
        t.set_class(type_.clone());
        typeobject::type_data(t).dict.set_class(dict.clone());
    }
    typeobject::type_data(&dict).dict.set_class(dict.clone());
    let make = |name: &str, base: &ObjRef, layout: Layout| {
        new_builtin_type(Some(&type_), name, Some(base), layout, Some(&dict))
    };
    let opaque = |name: &str| {
        let t = make(name, &object, Layout::Opaque);
        typeobject::type_data(&t).base_type.set(false);
        t
    };
    let int = make("int", &object, Layout::Int);
    let bool_ = make("bool", &int, Layout::Int);
    typeobject::type_data(&bool_).base_type.set(false);
    Types {
        bool_,
        int,
        float: make("float", &object, Layout::Float),
        complex: make("complex", &object, Layout::Complex),
        str: make("str", &object, Layout::Str),
        bytes: make("bytes", &object, Layout::Bytes),
        bytearray: make("bytearray", &object, Layout::ByteArray),
        list: make("list", &object, Layout::List),
        tuple: make("tuple", &object, Layout::Tuple),
        set: make("set", &object, Layout::Set),
        frozenset: make("frozenset", &object, Layout::FrozenSet),
        range: opaque("range"),
        slice: opaque("slice"),
        none_type: opaque("NoneType"),
        not_implemented_type: opaque("NotImplementedType"),
        ellipsis_type: opaque("ellipsis"),
        function: opaque("function"),
        builtin_function: opaque("builtin_function_or_method"),
        method_wrapper: opaque("method-wrapper"),
        method: opaque("method"),
        method_descriptor: opaque("method_descriptor"),
        getset_descriptor: opaque("getset_descriptor"),
        classmethod_descriptor: opaque("classmethod_descriptor"),
        wrapper_descriptor: opaque("wrapper_descriptor"),
        member_descriptor: opaque("member_descriptor"),
        property: make("property", &object, Layout::Opaque),
        classmethod: make("classmethod", &object, Layout::Opaque),
        staticmethod: make("staticmethod", &object, Layout::Opaque),
        super_: make("super", &object, Layout::Opaque),
        code: opaque("code"),
        cell: opaque("cell"),
        module: make("module", &object, Layout::Opaque),
        generator: opaque("generator"),
        coroutine: opaque("coroutine"),
        coroutine_wrapper: opaque("coroutine_wrapper"),
        async_generator: opaque("async_generator"),
        frame: opaque("frame"),
        traceback: opaque("traceback"),
        list_iterator: opaque("list_iterator"),
        list_reverseiterator: opaque("list_reverseiterator"),
        tuple_iterator: opaque("tuple_iterator"),
        range_iterator: opaque("range_iterator"),
        longrange_iterator: opaque("longrange_iterator"),
        str_iterator: opaque("str_iterator"),
        str_ascii_iterator: opaque("str_ascii_iterator"),
        bytes_iterator: opaque("bytes_iterator"),
        bytearray_iterator: opaque("bytearray_iterator"),
        dict_keyiterator: opaque("dict_keyiterator"),
        dict_valueiterator: opaque("dict_valueiterator"),
        dict_itemiterator: opaque("dict_itemiterator"),
        dict_reversekeyiterator: opaque("dict_reversekeyiterator"),
        dict_reversevalueiterator: opaque("dict_reversevalueiterator"),
        dict_reverseitemiterator: opaque("dict_reverseitemiterator"),
        dict_keys: opaque("dict_keys"),
        dict_values: opaque("dict_values"),
        dict_items: opaque("dict_items"),
        set_iterator: opaque("set_iterator"),
        enumerate: make("enumerate", &object, Layout::Opaque),
        zip: make("zip", &object, Layout::Opaque),
        map: make("map", &object, Layout::Opaque),
        filter: make("filter", &object, Layout::Opaque),
        reversed: make("reversed", &object, Layout::Opaque),
        callable_iterator: opaque("callable_iterator"),
        iterator: opaque("iterator"),
        mappingproxy: opaque("mappingproxy"),
        object,
        type_,
        dict,
    }
}
