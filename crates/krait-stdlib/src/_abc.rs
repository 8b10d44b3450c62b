//! The `_abc` module (CPython's `Modules/_abc.c`): the machinery of `abc.ABCMeta`.
//! Each abstract class keeps, in its `_abc_impl`, the classes registered as its
//! virtual subclasses and caches of the answers `issubclass` gave; registering any
//! class anywhere invalidates every negative answer, through one counter.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use krait_vm::native::{
    add_module_functions, native_data, new_native_object, new_native_type, MethodDef, NativeData,
    NativeTypeSpec,
};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::typeobject::{self, type_data};
use krait_vm::pattern::{TPFLAGS_MAPPING, TPFLAGS_SEQUENCE};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyObject, PyResult, Value, Vm};

static GET_CACHE_TOKEN: Signature = Signature::of("_abc", "get_cache_token", "($module, /)");
static ABC_INIT: Signature = Signature::of("_abc", "_abc_init", "($module, self, /)");
static ABC_REGISTER: Signature =
    Signature::of("_abc", "_abc_register", "($module, self, subclass, /)");
static ABC_INSTANCECHECK: Signature =
    Signature::of("_abc", "_abc_instancecheck", "($module, self, instance, /)");
static ABC_SUBCLASSCHECK: Signature =
    Signature::of("_abc", "_abc_subclasscheck", "($module, self, subclass, /)");
static GET_DUMP: Signature = Signature::of("_abc", "_get_dump", "($module, self, /)");
static RESET_REGISTRY: Signature = Signature::of("_abc", "_reset_registry", "($module, self, /)");
static RESET_CACHES: Signature = Signature::of("_abc", "_reset_caches", "($module, self, /)");

static FUNCTIONS: [MethodDef; 8] = [
    MethodDef::staticmethod("get_cache_token", get_cache_token).with_signature(&GET_CACHE_TOKEN),
    MethodDef::staticmethod("_abc_init", abc_init).with_signature(&ABC_INIT),
    MethodDef::staticmethod("_abc_register", abc_register).with_signature(&ABC_REGISTER),
    MethodDef::staticmethod("_abc_instancecheck", abc_instancecheck)
        .with_signature(&ABC_INSTANCECHECK),
    MethodDef::staticmethod("_abc_subclasscheck", abc_subclasscheck)
        .with_signature(&ABC_SUBCLASSCHECK),
    MethodDef::staticmethod("_get_dump", get_dump).with_signature(&GET_DUMP),
    MethodDef::staticmethod("_reset_registry", reset_registry).with_signature(&RESET_REGISTRY),
    MethodDef::staticmethod("_reset_caches", reset_caches).with_signature(&RESET_CACHES),
];

static ABC_DATA_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Internal state held by ABC machinery."),
    new: Some(abc_data_new),
    ..NativeTypeSpec::new("_abc_data", "_abc")
};

/// A set of classes held weakly, keyed by address; an entry whose class has died
/// counts as absent (and its address may be reused).
#[derive(Default)]
struct WeakClassSet {
    entries: HashMap<usize, Weak<PyObject>>,
}

impl WeakClassSet {
    fn key(class: &ObjRef) -> usize {
        Rc::as_ptr(class) as usize
    }

    fn contains(&self, class: &ObjRef) -> bool {
        self.entries
            .get(&Self::key(class))
            .and_then(Weak::upgrade)
            .is_some_and(|held| Rc::ptr_eq(&held, class))
    }

    fn add(&mut self, class: &ObjRef) {
        if self.entries.len() > 64 && self.entries.len().is_power_of_two() {
            self.entries.retain(|_, held| held.strong_count() > 0);
        }
        self.entries.insert(Self::key(class), Rc::downgrade(class));
    }

    fn clear(&mut self) {
        self.entries.clear();
    }

    fn live(&self) -> Vec<ObjRef> {
        self.entries.values().filter_map(Weak::upgrade).collect()
    }
}

/// `_abc_impl`: what one abstract class knows.
#[derive(Default)]
struct AbcData {
    registry: RefCell<WeakClassSet>,
    cache: RefCell<WeakClassSet>,
    negative_cache: RefCell<WeakClassSet>,
    /// The invalidation counter when the negative cache was last valid.
    negative_cache_version: Cell<u64>,
}

impl NativeData for AbcData {}

/// The module's state: the counter that `register` advances.
#[derive(Default)]
struct AbcState {
    invalidation_counter: Cell<u64>,
    abc_data_type: RefCell<Option<ObjRef>>,
}

fn state(vm: &mut Vm) -> Rc<AbcState> {
    if let Some(state) = vm.module_state::<AbcState>() {
        return state;
    }
    vm.set_module_state(AbcState::default());
    vm.module_state::<AbcState>()
        .expect("the _abc state was just set")
}

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_abc");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_abc", &FUNCTIONS);
    let data_type = new_native_type(vm, &ABC_DATA_TYPE, None);
    *state(vm).abc_data_type.borrow_mut() = Some(data_type.clone());
    dict::dict_set_str(vm, &d, "_abc_data", Value::Obj(data_type));
    Ok(m)
}

fn abc_data_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Obj(class)) = args.pos.first().cloned() else {
        return Err(vm.new_type_error("_abc_data.__new__(X): X is not a type object".to_owned()));
    };
    let counter = state(vm).invalidation_counter.get();
    let data = AbcData::default();
    data.negative_cache_version.set(counter);
    Ok(new_native_object(vm, &class, data))
}

fn new_abc_data(vm: &mut Vm) -> PyResult<Value> {
    let Some(class) = state(vm).abc_data_type.borrow().clone() else {
        return Err(vm.new_runtime_error("_abc is not initialised".to_owned()));
    };
    abc_data_new(vm, Args::new(vec![Value::Obj(class)]))
}

fn get_cache_token(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_CACHE_TOKEN.bind_args::<0>(vm, args)?;
    let counter = state(vm).invalidation_counter.get();
    Ok(Value::Int(counter as i64))
}

/// A required argument the signature has bound.
fn required(value: Option<Value>) -> Value {
    value.unwrap_or(Value::None)
}

/// `cls._abc_impl`, which must be what `_abc_init` put there.
fn impl_of(vm: &mut Vm, cls: &Value) -> PyResult<Value> {
    let data = abstract_::getattr_str(vm, cls, "_abc_impl")?;
    if native_data::<AbcData>(&data).is_none() {
        return Err(vm.new_type_error("_abc_impl is set to a wrong type".to_owned()));
    }
    Ok(data)
}

fn abc_data(data: &Value) -> &AbcData {
    native_data::<AbcData>(data).expect("impl_of checked the type")
}

/// The class in `value`, when it is one.
fn as_class(value: &Value) -> Option<ObjRef> {
    match value {
        Value::Obj(o) if o.type_data().is_some() => Some(o.clone()),
        _ => None,
    }
}

fn is_abstract(vm: &mut Vm, value: &Value) -> PyResult<bool> {
    match abstract_::getattr_optional(vm, value, "__isabstractmethod__")? {
        Some(flag) => abstract_::is_true(vm, &flag),
        None => Ok(false),
    }
}

/// Sets `__abstractmethods__`: the names in the namespace whose values are abstract,
/// and the abstract names of the bases this class has not made concrete.
fn compute_abstract_methods(vm: &mut Vm, cls: &Value) -> PyResult<()> {
    let mut abstracts: Vec<Value> = Vec::new();
    let namespace = abstract_::getattr_str(vm, cls, "__dict__")?;
    let items = vm.call_method(&namespace, "items", vec![])?;
    for item in abstract_::collect_iterable(vm, &items)? {
        let pair = abstract_::tuple_items(&item).unwrap_or_default();
        let [key, value] = pair.as_slice() else {
            return Err(
                vm.new_type_error("items() returned item which is not a 2-tuple".to_owned())
            );
        };
        if is_abstract(vm, value)? {
            abstracts.push(key.clone());
        }
    }
    let bases = abstract_::getattr_str(vm, cls, "__bases__")?;
    let Some(bases) = abstract_::tuple_items(&bases) else {
        return Err(vm.new_type_error("__bases__ is not tuple".to_owned()));
    };
    for base in bases {
        let Some(inherited) = abstract_::getattr_optional(vm, &base, "__abstractmethods__")? else {
            continue;
        };
        for name in abstract_::collect_iterable(vm, &inherited)? {
            let Some(name_str) = abstract_::value_as_str(&name).map(str::to_owned) else {
                continue;
            };
            let Some(value) = abstract_::getattr_optional(vm, cls, &name_str)? else {
                continue;
            };
            if is_abstract(vm, &value)? {
                abstracts.push(name);
            }
        }
    }
    let frozen = krait_vm::objects::set::new_frozenset(vm, abstracts)?;
    abstract_::setattr_str(vm, cls, "__abstractmethods__", frozen)
}

/// `_abc_init(cls)`: the abstract methods, a fresh `_abc_impl`, and the collection
/// flag a class declares with `__abc_tpflags__`.
fn abc_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls] = ABC_INIT.bind_args(vm, args)?;
    let cls = required(cls);
    compute_abstract_methods(vm, &cls)?;
    let data = new_abc_data(vm)?;
    abstract_::setattr_str(vm, &cls, "_abc_impl", data)?;
    if let Some(class) = as_class(&cls) {
        let namespace = type_data(&class).dict.clone();
        if let Some(flags) = dict::dict_get_str(&namespace, "__abc_tpflags__") {
            if let Value::Int(flags) = flags {
                let flags = flags as u64 & (TPFLAGS_SEQUENCE | TPFLAGS_MAPPING);
                if flags == TPFLAGS_SEQUENCE | TPFLAGS_MAPPING {
                    return Err(vm.new_type_error(
                        "__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING"
                            .to_owned(),
                    ));
                }
                let data = type_data(&class);
                data.collection_flags
                    .set(data.collection_flags.get() | flags);
            }
            if let Some(d) = dict::as_dict(&namespace) {
                d.borrow_mut().remove_str("__abc_tpflags__");
            }
        }
    }
    Ok(Value::None)
}

/// Gives `class` and its subclasses that have no collection flag yet `flag`;
/// immutable types (str, bytes ...) keep what they were built with.
fn set_collection_flag_recursive(class: &ObjRef, flag: u64) {
    let data = type_data(class);
    if data.immutable.get()
        || data.collection_flags.get() & (TPFLAGS_SEQUENCE | TPFLAGS_MAPPING) != 0
    {
        return;
    }
    data.collection_flags
        .set(data.collection_flags.get() | flag);
    for sub in typeobject::live_subclasses(class) {
        set_collection_flag_recursive(&sub, flag);
    }
}

/// `_abc_register(cls, subclass)`: makes `subclass` a virtual subclass of `cls`.
fn abc_register(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, subclass] = ABC_REGISTER.bind_args(vm, args)?;
    let (cls, subclass) = (required(cls), required(subclass));
    let Some(sub_class) = as_class(&subclass) else {
        return Err(vm.new_type_error("Can only register classes".to_owned()));
    };
    if krait_vm::builtins::is_subclass_of(vm, &subclass, &cls)? {
        return Ok(subclass);
    }
    if krait_vm::builtins::is_subclass_of(vm, &cls, &subclass)? {
        return Err(vm.new_runtime_error("Refusing to create an inheritance cycle".to_owned()));
    }
    let data = impl_of(vm, &cls)?;
    abc_data(&data).registry.borrow_mut().add(&sub_class);
    let state = state(vm);
    state
        .invalidation_counter
        .set(state.invalidation_counter.get() + 1);
    if let Some(class) = as_class(&cls) {
        let flag = type_data(&class).collection_flags.get() & (TPFLAGS_SEQUENCE | TPFLAGS_MAPPING);
        if flag != 0 {
            set_collection_flag_recursive(&sub_class, flag);
        }
    }
    Ok(subclass)
}

/// `_abc_instancecheck(cls, instance)`.
fn abc_instancecheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, instance] = ABC_INSTANCECHECK.bind_args(vm, args)?;
    let (cls, instance) = (required(cls), required(instance));
    let data = impl_of(vm, &cls)?;
    let subclass = abstract_::getattr_str(vm, &instance, "__class__")?;
    if let Some(class) = as_class(&subclass) {
        if abc_data(&data).cache.borrow().contains(&class) {
            return Ok(Value::Bool(true));
        }
    }
    let subtype = Value::Obj(vm.type_of(&instance));
    if subtype.is(&subclass) {
        if let Some(class) = as_class(&subclass) {
            let counter = state(vm).invalidation_counter.get();
            let data = abc_data(&data);
            if data.negative_cache_version.get() == counter
                && data.negative_cache.borrow().contains(&class)
            {
                return Ok(Value::Bool(false));
            }
        }
        return vm.call_method(&cls, "__subclasscheck__", vec![subclass]);
    }
    let result = vm.call_method(&cls, "__subclasscheck__", vec![subclass])?;
    if abstract_::is_true(vm, &result)? {
        return Ok(result);
    }
    vm.call_method(&cls, "__subclasscheck__", vec![subtype])
}

/// `_abc_subclasscheck(cls, subclass)`: the caches, then `__subclasshook__`, then
/// the MRO, the registry and the subclasses, remembering the answer.
fn abc_subclasscheck(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls, subclass] = ABC_SUBCLASSCHECK.bind_args(vm, args)?;
    let (cls, subclass) = (required(cls), required(subclass));
    let Some(sub_class) = as_class(&subclass) else {
        return Err(vm.new_type_error("issubclass() arg 1 must be a class".to_owned()));
    };
    let data_value = impl_of(vm, &cls)?;
    let data = abc_data(&data_value);
    if data.cache.borrow().contains(&sub_class) {
        return Ok(Value::Bool(true));
    }
    let counter = state(vm).invalidation_counter.get();
    if data.negative_cache_version.get() < counter {
        data.negative_cache.borrow_mut().clear();
        data.negative_cache_version.set(counter);
    } else if data.negative_cache.borrow().contains(&sub_class) {
        return Ok(Value::Bool(false));
    }
    let hook = vm.call_method(&cls, "__subclasshook__", vec![subclass.clone()])?;
    let data = abc_data(&data_value);
    match hook {
        Value::Bool(true) => {
            data.cache.borrow_mut().add(&sub_class);
            return Ok(Value::Bool(true));
        }
        Value::Bool(false) => {
            data.negative_cache.borrow_mut().add(&sub_class);
            return Ok(Value::Bool(false));
        }
        ref other if other.is(&Value::Obj(vm.not_implemented.clone())) => {}
        _ => {
            return Err(vm.new_error(
                Exc::AssertionError,
                "__subclasshook__ must return either False, True, or NotImplemented",
            ))
        }
    }
    // A real subclass.
    if let Some(class) = as_class(&cls) {
        let mro = type_data(&sub_class).mro.borrow().clone();
        if mro.iter().any(|c| Rc::ptr_eq(c, &class)) {
            data.cache.borrow_mut().add(&sub_class);
            return Ok(Value::Bool(true));
        }
    }
    // A subclass of a registered class.
    let registered = data.registry.borrow().live();
    for rcls in registered {
        if krait_vm::builtins::is_subclass_of(vm, &subclass, &Value::Obj(rcls))? {
            abc_data(&data_value).cache.borrow_mut().add(&sub_class);
            return Ok(Value::Bool(true));
        }
    }
    // A subclass of a subclass (which may be an ABC with registrations of its own).
    let subclasses = vm.call_method(&cls, "__subclasses__", vec![])?;
    for scls in abstract_::collect_iterable(vm, &subclasses)? {
        if krait_vm::builtins::is_subclass_of(vm, &subclass, &scls)? {
            abc_data(&data_value).cache.borrow_mut().add(&sub_class);
            return Ok(Value::Bool(true));
        }
    }
    abc_data(&data_value)
        .negative_cache
        .borrow_mut()
        .add(&sub_class);
    Ok(Value::Bool(false))
}

/// A set of weak references to the live classes of `set`.
fn weak_set(vm: &mut Vm, set: &WeakClassSet) -> PyResult<Value> {
    let reference = Value::Obj(vm.weakref_types.reference.clone());
    let mut refs = Vec::new();
    for class in set.live() {
        refs.push(vm.call1(&reference, vec![Value::Obj(class)])?);
    }
    krait_vm::objects::set::new_set(vm, refs)
}

/// `_get_dump(cls)`: the registry, cache, negative cache (as sets of weak
/// references) and the negative cache's version, for tests and debugging.
fn get_dump(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls] = GET_DUMP.bind_args(vm, args)?;
    let data_value = impl_of(vm, &required(cls))?;
    let data = abc_data(&data_value);
    let registry = weak_set(vm, &data.registry.borrow())?;
    let cache = weak_set(vm, &data.cache.borrow())?;
    let negative = weak_set(vm, &data.negative_cache.borrow())?;
    let version = Value::Int(data.negative_cache_version.get() as i64);
    Ok(vm.new_tuple(vec![registry, cache, negative, version]))
}

fn reset_registry(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls] = RESET_REGISTRY.bind_args(vm, args)?;
    let data = impl_of(vm, &required(cls))?;
    abc_data(&data).registry.borrow_mut().clear();
    Ok(Value::None)
}

fn reset_caches(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [cls] = RESET_CACHES.bind_args(vm, args)?;
    let data = impl_of(vm, &required(cls))?;
    abc_data(&data).cache.borrow_mut().clear();
    abc_data(&data).negative_cache.borrow_mut().clear();
    Ok(Value::None)
}
