//! `types.GenericAlias`, what `list[int]` makes (CPython's
//! `Objects/genericaliasobject.c`): the origin class and its arguments, printed
//! the way annotations are written.

use std::rc::Rc;

use crate::abstract_;
use crate::object::{ObjRef, Payload};
use crate::objects::function::Args;
use crate::objects::typeobject::{self, type_data};
use crate::objects::{add_getset, add_method, add_method_sig, add_new};
use crate::signature::{given, Signature};
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::NB_OR;

/// Makes `origin[args]`.
pub fn new_alias(vm: &mut Vm, origin: Value, args: Value) -> Value {
    let class = vm.generic_alias.clone();
    match new_alias_checked(vm, &class, origin, args, false) {
        Ok(alias) => alias,
        Err(_) => Value::None,
    }
}

/// Makes `origin[args]` (`*origin[args]` when `starred`), finding the type
/// variables among the arguments (`__parameters__`).
fn new_alias_checked(
    vm: &mut Vm,
    class: &ObjRef,
    origin: Value,
    args: Value,
    starred: bool,
) -> PyResult<Value> {
    let args = match abstract_::tuple_items(&args) {
        Some(_) => args,
        None => vm.new_tuple(vec![args]),
    };
    let items = abstract_::tuple_items(&args).unwrap_or_default();
    let params = make_parameters(vm, &items)?;
    let obj = Value::Obj(typeobject::new_instance(vm, class, Payload::Instance));
    let params = vm.new_tuple(params);
    let values = [origin, args, params, Value::Bool(starred)];
    for (index, value) in values.into_iter().enumerate() {
        crate::native::set_member_value(&obj, index, value);
    }
    Ok(obj)
}

fn is_class(v: &Value) -> bool {
    matches!(v, Value::Obj(o) if o.type_data().is_some())
}

/// Adds `item` to `list` unless it is already there (by identity).
fn add_unique(list: &mut Vec<Value>, item: Value) {
    if !list.iter().any(|x| x.is(&item)) {
        list.push(item);
    }
}

/// The type variables among `args`, in order of appearance: arguments that can be
/// substituted (`__typing_subst__`) and the parameters of nested aliases.
fn make_parameters(vm: &mut Vm, args: &[Value]) -> PyResult<Vec<Value>> {
    let mut params = Vec::new();
    for arg in args {
        if is_class(arg) {
            continue;
        }
        if abstract_::getattr_optional(vm, arg, "__typing_subst__")?.is_some() {
            add_unique(&mut params, arg.clone());
        } else if let Some(sub) = abstract_::getattr_optional(vm, arg, "__parameters__")? {
            for p in abstract_::tuple_items(&sub).unwrap_or_default() {
                add_unique(&mut params, p);
            }
        }
    }
    Ok(params)
}

/// The arguments of `item` with unpacked tuples (`*tuple[int, str]`) spread out.
fn unpack_args(vm: &mut Vm, item: &Value) -> PyResult<Vec<Value>> {
    let items = abstract_::tuple_items(item).unwrap_or_else(|| vec![item.clone()]);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if !is_class(&item) {
            let unpacked =
                abstract_::getattr_optional(vm, &item, "__typing_unpacked_tuple_args__")?;
            if let Some(sub) = unpacked.as_ref().and_then(abstract_::tuple_items) {
                let open_ended = sub
                    .last()
                    .is_some_and(|l| matches!(l, Value::Obj(o) if Rc::ptr_eq(o, &vm.ellipsis)));
                if !open_ended {
                    out.extend(sub);
                    continue;
                }
            }
        }
        out.push(item);
    }
    Ok(out)
}

fn index_of(params: &[Value], item: &Value) -> Option<usize> {
    params.iter().position(|p| p.is(item))
}

/// `obj` with the type variables of its own `__parameters__` replaced.
fn subs_tvars(vm: &mut Vm, obj: &Value, params: &[Value], items: &[Value]) -> PyResult<Value> {
    let sub = abstract_::getattr_optional(vm, obj, "__parameters__")?;
    let Some(subparams) = sub
        .as_ref()
        .and_then(abstract_::tuple_items)
        .filter(|p| !p.is_empty())
    else {
        return Ok(obj.clone());
    };
    let mut subargs = Vec::with_capacity(subparams.len());
    for arg in subparams {
        match index_of(params, &arg) {
            Some(i) => {
                let value = items[i].clone();
                // A TypeVarTuple's value is spread out.
                let spreads = vm.type_of(&params[i]);
                if type_data(&spreads).slots.iter.get().is_some() {
                    if let Some(values) = abstract_::tuple_items(&value) {
                        subargs.extend(values);
                        continue;
                    }
                }
                subargs.push(value);
            }
            None => subargs.push(arg),
        }
    }
    let key = vm.new_tuple(subargs);
    abstract_::getitem(vm, obj, &key)
}

/// The arguments of `alias[item]` (CPython's `_Py_subs_parameters`).
fn subs_parameters(
    vm: &mut Vm,
    alias: &Value,
    args: &[Value],
    params: &[Value],
    item: &Value,
) -> PyResult<Vec<Value>> {
    if params.is_empty() {
        let shown = abstract_::repr_string(vm, alias)?;
        return Err(vm.new_type_error(format!("{shown} is not a generic class")));
    }
    let unpacked = unpack_args(vm, item)?;
    let mut item = vm.new_tuple(unpacked);
    for param in params {
        if let Some(prepare) = abstract_::getattr_optional(vm, param, "__typing_prepare_subst__")? {
            if !prepare.is_none() {
                item = vm.call1(&prepare, vec![alias.clone(), item])?;
            }
        }
    }
    let items = abstract_::tuple_items(&item).unwrap_or_else(|| vec![item.clone()]);
    if items.len() != params.len() {
        let shown = abstract_::repr_string(vm, alias)?;
        let how = if items.len() > params.len() {
            "many"
        } else {
            "few"
        };
        return Err(vm.new_type_error(format!(
            "Too {how} arguments for {shown}; actual {}, expected {}",
            items.len(),
            params.len()
        )));
    }
    let mut new_args = Vec::with_capacity(args.len());
    for arg in args {
        if is_class(arg) {
            new_args.push(arg.clone());
            continue;
        }
        let unpack =
            match abstract_::getattr_optional(vm, arg, "__typing_is_unpacked_typevartuple__")? {
                Some(flag) => abstract_::is_true(vm, &flag)?,
                None => false,
            };
        let value = match abstract_::getattr_optional(vm, arg, "__typing_subst__")? {
            Some(subst) => {
                let i = index_of(params, arg).unwrap_or(0);
                vm.call1(&subst, vec![items[i].clone()])?
            }
            None => subs_tvars(vm, arg, params, &items)?,
        };
        match abstract_::tuple_items(&value).filter(|_| unpack) {
            Some(spread) => new_args.extend(spread),
            None => new_args.push(value),
        }
    }
    Ok(new_args)
}

fn part(v: &Value, name: &str) -> Value {
    member(v, &ALIAS_MEMBERS, name)
}

/// An alias's state, as read-only members in this order.
const ALIAS_MEMBERS: [&str; 4] = ["__origin__", "__args__", "__parameters__", "__unpacked__"];

/// A union's state, likewise.
const UNION_MEMBERS: [&str; 2] = ["__args__", "__parameters__"];

/// Member `name` of `v`, one of `names` (a type's members, in order).
fn member(v: &Value, names: &[&str], name: &str) -> Value {
    names
        .iter()
        .position(|m| *m == name)
        .and_then(|index| crate::native::member_value(v, index))
        .unwrap_or(Value::None)
}

fn union_part(v: &Value, name: &str) -> Value {
    member(v, &UNION_MEMBERS, name)
}

/// Takes the `__dict__` away from the instances of `ty`, a class made at start-up
/// to stand in for one of CPython's static types.
fn without_instance_dict(ty: &ObjRef) {
    let data = type_data(ty);
    data.instance_dict.set(false);
    data.immutable.set(true);
    if let Some(namespace) = crate::objects::dict::as_dict(&data.dict) {
        namespace.borrow_mut().remove_str("__dict__");
    }
}

/// Keeps the state of `ty`'s instances in read-only members named `names`, in that
/// order, and gives them no `__dict__` (CPython's layouts of these types).
fn use_members(vm: &mut Vm, ty: &ObjRef, names: &[&str]) {
    without_instance_dict(ty);
    for name in names {
        let kind = crate::object::MemberKind::ReadOnly;
        let member = typeobject::new_member_descriptor(vm, ty, name, kind);
        crate::objects::set_type_attr(vm, ty, name, member);
    }
}

/// The attributes an alias answers itself; it reads every other one from its origin
/// (CPython's `attr_exceptions`).
const OWN_ATTRIBUTES: [&str; 12] = [
    "__class__",
    "__origin__",
    "__args__",
    "__unpacked__",
    "__parameters__",
    "__typing_unpacked_tuple_args__",
    "__mro_entries__",
    "__reduce_ex__",
    "__reduce__",
    "__copy__",
    "__deepcopy__",
    "__getattribute__",
];

/// `alias.name`: the alias's own attributes, else the origin's (`ga_getattro`).
fn alias_getattro(vm: &mut Vm, obj: &Value, name: &ObjRef) -> PyResult<Value> {
    let text = abstract_::obj_as_str(name).unwrap_or("");
    if !OWN_ATTRIBUTES.contains(&text) {
        let origin = part(obj, "__origin__");
        return abstract_::getattr(vm, &origin, name);
    }
    let class = vm.type_of(obj);
    abstract_::generic_getattr(vm, obj, &class, name)
}

/// How one argument of an alias prints: classes by qualified name, `...`, or repr.
fn arg_repr(vm: &mut Vm, v: &Value) -> PyResult<String> {
    if let Value::Obj(o) = v {
        if Rc::ptr_eq(o, &vm.ellipsis) {
            return Ok("...".to_owned());
        }
        if o.type_data().is_some() && abstract_::getattr_optional(vm, v, "__origin__")?.is_none() {
            let qualname = type_data(o).qualname.borrow().clone();
            return Ok(match typeobject::type_module(vm, o).as_deref() {
                Some("builtins") | None => qualname,
                Some(m) => format!("{m}.{qualname}"),
            });
        }
    }
    abstract_::repr_string(vm, v)
}

static ALIAS_REPR: Signature = Signature::slot_wrapper("GenericAlias", "__repr__", "($self, /)");
static ALIAS_GETITEM: Signature =
    Signature::slot_wrapper("GenericAlias", "__getitem__", "($self, key, /)");
static ALIAS_ITER: Signature = Signature::slot_wrapper("GenericAlias", "__iter__", "($self, /)");
static ALIAS_EQ: Signature = Signature::slot_wrapper("GenericAlias", "__eq__", "($self, value, /)");
static ALIAS_HASH: Signature = Signature::slot_wrapper("GenericAlias", "__hash__", "($self, /)");
static ALIAS_REDUCE: Signature = Signature::unlisted("GenericAlias", "__reduce__", "($self, /)");
static MRO_ENTRIES: Signature =
    Signature::unlisted("GenericAlias", "__mro_entries__", "($self, bases, /)");
static INSTANCECHECK: Signature =
    Signature::unlisted("GenericAlias", "__instancecheck__", "($self, obj, /)");
static SUBCLASSCHECK: Signature =
    Signature::unlisted("GenericAlias", "__subclasscheck__", "($self, obj, /)");
static ALIAS_ITER_ITER: Signature =
    Signature::slot_wrapper("generic_alias_iterator", "__iter__", "($self, /)");
static ALIAS_ITER_NEXT: Signature =
    Signature::slot_wrapper("generic_alias_iterator", "__next__", "($self, /)");
static ALIAS_ITER_REDUCE: Signature =
    Signature::unlisted("generic_alias_iterator", "__reduce__", "($self, /)");

fn alias_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (me, []) = ALIAS_REPR.bind(vm, args)?;
    let me = given(me);
    let origin = arg_repr(vm, &part(&me, "__origin__"))?;
    let items = abstract_::tuple_items(&part(&me, "__args__")).unwrap_or_default();
    let mut parts = Vec::new();
    for item in &items {
        // A list of arguments (a ParamSpec's value) prints as a list of them.
        match crate::objects::list::list_cell(item) {
            Some(list) => {
                let inner = list.borrow().clone();
                let mut shown = Vec::new();
                for x in &inner {
                    shown.push(arg_repr(vm, x)?);
                }
                parts.push(format!("[{}]", shown.join(", ")));
            }
            None => parts.push(arg_repr(vm, item)?),
        }
    }
    let inner = if items.is_empty() {
        "()".to_owned()
    } else {
        parts.join(", ")
    };
    let star = if starred(&me) { "*" } else { "" };
    Ok(vm.new_str(format!("{star}{origin}[{inner}]")))
}

fn starred(alias: &Value) -> bool {
    matches!(part(alias, "__unpacked__"), Value::Bool(true))
}

/// `alias[item]`: the alias with its type variables replaced.
fn alias_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (me, [item]) = ALIAS_GETITEM.bind(vm, args)?;
    let (me, item) = (given(me), given(item));
    let alias_args = abstract_::tuple_items(&part(&me, "__args__")).unwrap_or_default();
    let params = abstract_::tuple_items(&part(&me, "__parameters__")).unwrap_or_default();
    let new_args = subs_parameters(vm, &me, &alias_args, &params, &item)?;
    let new_args = vm.new_tuple(new_args);
    let class = vm.generic_alias.clone();
    new_alias_checked(vm, &class, part(&me, "__origin__"), new_args, starred(&me))
}

/// The class of `iter(alias)`, which gives the alias once, unpacked.
/// The alias an alias iterator has still to give, `None` once given.
fn iterated_alias(it: &Value) -> Value {
    crate::native::member_value(it, 0).unwrap_or(Value::None)
}

struct AliasIterator {
    class: ObjRef,
}

fn init_alias_iterator(vm: &mut Vm) {
    let ns = vm.new_dict();
    let module = vm.new_str("builtins");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    crate::objects::dict::dict_set_str(vm, &ns, "__doc__", Value::None);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let Ok(class) =
        typeobject::new_heap_type(vm, &metatype, "generic_alias_iterator", vec![object], &ns)
    else {
        return;
    };
    // The alias still to give is the one member; there is no `__dict__`.
    without_instance_dict(&class);
    type_data(&class).member_count.set(1);
    add_method_sig(vm, &class, &ALIAS_ITER_ITER, |vm, args| {
        let (it, []) = ALIAS_ITER_ITER.bind(vm, args)?;
        Ok(given(it))
    });
    add_method_sig(vm, &class, &ALIAS_ITER_NEXT, |vm, args| {
        let (it, []) = ALIAS_ITER_NEXT.bind(vm, args)?;
        let it = given(it);
        let alias = iterated_alias(&it);
        if alias.is_none() {
            return Err(vm.new_error(crate::Exc::StopIteration, ""));
        }
        crate::native::set_member_value(&it, 0, Value::None);
        let class = vm.type_of(&alias);
        new_alias_checked(
            vm,
            &class,
            part(&alias, "__origin__"),
            part(&alias, "__args__"),
            true,
        )
    });
    add_method_sig(vm, &class, &ALIAS_ITER_REDUCE, |vm, args| {
        let (it, []) = ALIAS_ITER_REDUCE.bind(vm, args)?;
        let alias = iterated_alias(&given(it));
        let iter =
            crate::objects::dict::dict_get_str(&vm.builtins_dict, "iter").unwrap_or(Value::None);
        let source = if alias.is_none() {
            vm.new_tuple(vec![])
        } else {
            alias
        };
        let args = vm.new_tuple(vec![source]);
        Ok(vm.new_tuple(vec![iter, args]))
    });
    vm.set_module_state(AliasIterator { class });
}

static CLASS_GETITEM: Signature =
    Signature::shared("__class_getitem__", "($type, object, /)").not_listed();

/// `cls[args]` for the builtin generic classes.
fn class_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, [item]) = CLASS_GETITEM.bind(vm, args)?;
    Ok(new_alias(vm, given(class), given(item)))
}

pub fn init(vm: &mut Vm) -> ObjRef {
    let ns = vm.new_dict();
    let module = vm.new_str("types");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    crate::objects::dict::dict_set_str(vm, &ns, "__doc__", Value::None);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let ty = typeobject::new_heap_type(vm, &metatype, "GenericAlias", vec![object], &ns)
        .expect("a plain class");
    add_new(vm, &ty, |vm, args| {
        static NEW: Signature = Signature::new("GenericAlias", "($type, origin, args, /)");
        let (class, [origin, args]) = NEW.bind(vm, args)?;
        let class = match class {
            Some(Value::Obj(c)) if c.type_data().is_some() => c,
            _ => vm.generic_alias.clone(),
        };
        new_alias_checked(
            vm,
            &class,
            origin.unwrap_or(Value::None),
            args.unwrap_or(Value::None),
            false,
        )
    });
    add_method_sig(vm, &ty, &ALIAS_REPR, alias_repr);
    add_method(vm, &ty, "__call__", |vm, args| {
        let (me, rest) = args.split_self();
        let origin = part(&me.unwrap_or(Value::None), "__origin__");
        vm.call(&origin, rest)
    });
    add_method_sig(vm, &ty, &MRO_ENTRIES, |vm, args| {
        let (me, [_bases]) = MRO_ENTRIES.bind(vm, args)?;
        let origin = part(&given(me), "__origin__");
        Ok(vm.new_tuple(vec![origin]))
    });
    add_method_sig(vm, &ty, &ALIAS_EQ, |vm, args| {
        let (a, [b]) = ALIAS_EQ.bind(vm, args)?;
        let (a, b) = (given(a), given(b));
        if !vm.isinstance(&b, &vm.generic_alias.clone()) {
            return Ok(vm.not_implemented());
        }
        let same_origin =
            abstract_::rich_eq_bool(vm, &part(&a, "__origin__"), &part(&b, "__origin__"))?;
        Ok(Value::Bool(
            same_origin
                && abstract_::rich_eq_bool(vm, &part(&a, "__args__"), &part(&b, "__args__"))?,
        ))
    });
    add_method_sig(vm, &ty, &ALIAS_HASH, |vm, args| {
        let (me, []) = ALIAS_HASH.bind(vm, args)?;
        let me = given(me);
        let h = abstract_::hash(vm, &part(&me, "__origin__"))?
            ^ abstract_::hash(vm, &part(&me, "__args__"))?;
        Ok(Value::Int(h))
    });
    crate::native::add_slot(vm, &ty, crate::slots::NativeSlot::GetAttr(alias_getattro));
    // Messages name it `types.GenericAlias`.
    *type_data(&ty).module.borrow_mut() = Some("types".to_owned());
    use_members(vm, &ty, &ALIAS_MEMBERS);
    add_method_sig(vm, &ty, &ALIAS_GETITEM, alias_getitem);
    // `*alias`: iterating an alias gives it once, unpacked (PEP 646).
    add_method_sig(vm, &ty, &ALIAS_ITER, |vm, args| {
        let (me, []) = ALIAS_ITER.bind(vm, args)?;
        let me = given(me);
        let Some(state) = vm.module_state::<AliasIterator>() else {
            return Err(vm.new_runtime_error("GenericAlias is not initialised".to_owned()));
        };
        let it = Value::Obj(typeobject::new_instance(
            vm,
            &state.class,
            Payload::Instance,
        ));
        crate::native::set_member_value(&it, 0, me);
        Ok(it)
    });
    init_alias_iterator(vm);
    add_getset(
        vm,
        &ty,
        "__typing_unpacked_tuple_args__",
        |vm, v| {
            let origin = part(v, "__origin__");
            let tuple = Value::Obj(vm.types.tuple.clone());
            Ok(if starred(v) && origin.is(&tuple) {
                part(v, "__args__")
            } else {
                Value::None
            })
        },
        None,
    );
    add_method_sig(vm, &ty, &INSTANCECHECK, |vm, args| {
        INSTANCECHECK.bind::<1>(vm, args)?;
        Err(vm
            .new_type_error("isinstance() argument 2 cannot be a parameterized generic".to_owned()))
    });
    add_method_sig(vm, &ty, &SUBCLASSCHECK, |vm, args| {
        SUBCLASSCHECK.bind::<1>(vm, args)?;
        Err(vm
            .new_type_error("issubclass() argument 2 cannot be a parameterized generic".to_owned()))
    });
    add_method_sig(vm, &ty, &ALIAS_REDUCE, |vm, args| {
        let (me, []) = ALIAS_REDUCE.bind(vm, args)?;
        let me = given(me);
        let class = Value::Obj(vm.generic_alias.clone());
        let plain = vm.new_tuple(vec![part(&me, "__origin__"), part(&me, "__args__")]);
        if starred(&me) {
            // `*list[int]` is rebuilt as `next(iter(list[int]))`.
            let unstarred = vm.call(
                &class,
                Args::new(abstract_::tuple_items(&plain).unwrap_or_default()),
            )?;
            let it = abstract_::get_iter(vm, &unstarred)?;
            let next = crate::objects::dict::dict_get_str(&vm.builtins_dict, "next")
                .unwrap_or(Value::None);
            let args = vm.new_tuple(vec![it]);
            return Ok(vm.new_tuple(vec![next, args]));
        }
        Ok(vm.new_tuple(vec![class, plain]))
    });
    for generic in [
        vm.types.list.clone(),
        vm.types.tuple.clone(),
        vm.types.dict.clone(),
        vm.types.set.clone(),
        vm.types.frozenset.clone(),
        vm.types.type_.clone(),
        vm.types.enumerate.clone(),
        vm.types.dict_keys.clone(),
        vm.types.dict_values.clone(),
        vm.types.dict_items.clone(),
    ] {
        add_class_getitem(vm, &generic);
    }
    ty
}

/// Makes `class[args]` a `types.GenericAlias`, as for the builtin generic classes.
pub(crate) fn add_class_getitem(vm: &mut Vm, class: &ObjRef) {
    crate::objects::add_classmethod_sig(vm, class, &CLASS_GETITEM, class_getitem);
}

// ---------------------------------------------------------------------------
// `types.UnionType` (`int | str`) and `types.SimpleNamespace`

/// Makes `a | b` for classes, `None` and aliases: a union of their flattened,
/// de-duplicated members (CPython's `Objects/unionobject.c`).
static UNION_REPR: Signature = Signature::slot_wrapper("UnionType", "__repr__", "($self, /)");
static UNION_EQ: Signature = Signature::slot_wrapper("UnionType", "__eq__", "($self, value, /)");
static UNION_HASH: Signature = Signature::slot_wrapper("UnionType", "__hash__", "($self, /)");
static UNION_GETITEM: Signature =
    Signature::slot_wrapper("UnionType", "__getitem__", "($self, key, /)");
static UNION_INSTANCECHECK: Signature =
    Signature::unlisted("UnionType", "__instancecheck__", "($self, obj, /)");

/// `a | b` of classes, `None` and aliases (the `|` slot of `type`, aliases and
/// unions).
fn union_or_slot(vm: &mut Vm, a: &Value, b: &Value, _op: usize) -> PyResult<Value> {
    union_or(vm, a.clone(), b.clone())
}

fn union_or(vm: &mut Vm, a: Value, b: Value) -> PyResult<Value> {
    let unionable = |vm: &Vm, v: &Value| {
        v.is_none()
            || matches!(v, Value::Obj(o) if o.type_data().is_some())
            || vm.isinstance(v, &vm.generic_alias)
            || vm.isinstance(v, &vm.union_type)
    };
    if !unionable(vm, &a) || !unionable(vm, &b) {
        return Ok(vm.not_implemented());
    }
    let mut members: Vec<Value> = Vec::new();
    for v in [a, b] {
        let parts = if vm.isinstance(&v, &vm.union_type.clone()) {
            abstract_::tuple_items(&union_part(&v, "__args__")).unwrap_or_default()
        } else if v.is_none() {
            vec![Value::Obj(vm.types.none_type.clone())]
        } else {
            vec![v]
        };
        for p in parts {
            let mut seen = false;
            for m in &members {
                if abstract_::rich_eq_bool(vm, m, &p)? {
                    seen = true;
                    break;
                }
            }
            if !seen {
                members.push(p);
            }
        }
    }
    if members.len() == 1 {
        return Ok(members.remove(0));
    }
    let obj = Value::Obj(typeobject::new_instance(
        vm,
        &vm.union_type.clone(),
        Payload::Instance,
    ));
    let params = make_parameters(vm, &members)?;
    let params = vm.new_tuple(params);
    let args = vm.new_tuple(members);
    crate::native::set_member_value(&obj, 0, args);
    crate::native::set_member_value(&obj, 1, params);
    Ok(obj)
}

fn union_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (me, []) = UNION_REPR.bind(vm, args)?;
    let items = abstract_::tuple_items(&union_part(&given(me), "__args__")).unwrap_or_default();
    let mut parts = Vec::new();
    for item in &items {
        let is_none_type = matches!(item, Value::Obj(o) if Rc::ptr_eq(o, &vm.types.none_type));
        parts.push(if is_none_type {
            "None".to_owned()
        } else {
            arg_repr(vm, item)?
        });
    }
    Ok(vm.new_str(parts.join(" | ")))
}

fn new_types_class(vm: &mut Vm, name: &str) -> ObjRef {
    let ns = vm.new_dict();
    let module = vm.new_str("types");
    crate::objects::dict::dict_set_str(vm, &ns, "__module__", module);
    crate::objects::dict::dict_set_str(vm, &ns, "__doc__", Value::None);
    let metatype = vm.types.type_.clone();
    let object = vm.types.object.clone();
    let ty =
        typeobject::new_heap_type(vm, &metatype, name, vec![object], &ns).expect("a plain class");
    // These stand in for CPython's static types: named `types.X` in messages, and
    // without weak references.
    let data = typeobject::type_data(&ty);
    *data.module.borrow_mut() = Some("types".to_owned());
    data.weakrefable.set(false);
    data.immutable.set(true);
    if let Some(d) = crate::objects::dict::as_dict(&data.dict) {
        d.borrow_mut().remove_str("__weakref__");
    }
    ty
}

pub fn init_union(vm: &mut Vm) -> ObjRef {
    let ty = new_types_class(vm, "UnionType");
    use_members(vm, &ty, &UNION_MEMBERS);
    add_method_sig(vm, &ty, &UNION_REPR, union_repr);
    crate::native::add_slot(vm, &ty, NativeSlot::Binary(NB_OR, union_or_slot));
    add_method_sig(vm, &ty, &UNION_GETITEM, union_getitem);
    add_method_sig(vm, &ty, &UNION_EQ, |vm, args| {
        let (a, [b]) = UNION_EQ.bind(vm, args)?;
        let (a, b) = (given(a), given(b));
        if !vm.isinstance(&b, &vm.union_type.clone()) {
            return Ok(vm.not_implemented());
        }
        let (x, y) = (union_part(&a, "__args__"), union_part(&b, "__args__"));
        let (x, y) = (
            abstract_::tuple_items(&x).unwrap_or_default(),
            abstract_::tuple_items(&y).unwrap_or_default(),
        );
        let sx = crate::objects::set::new_frozenset(vm, x)?;
        let sy = crate::objects::set::new_frozenset(vm, y)?;
        abstract_::compare(vm, &sx, &sy, 2)
    });
    add_method_sig(vm, &ty, &UNION_HASH, |vm, args| {
        let (me, []) = UNION_HASH.bind(vm, args)?;
        let items = abstract_::tuple_items(&union_part(&given(me), "__args__")).unwrap_or_default();
        let s = crate::objects::set::new_frozenset(vm, items)?;
        Ok(Value::Int(abstract_::hash(vm, &s)?))
    });
    add_method_sig(vm, &ty, &UNION_INSTANCECHECK, |vm, args| {
        let (me, [obj]) = UNION_INSTANCECHECK.bind(vm, args)?;
        let items = abstract_::tuple_items(&union_part(&given(me), "__args__")).unwrap_or_default();
        let obj = given(obj);
        Ok(Value::Bool(items.iter().any(
            |c| matches!(c, Value::Obj(t) if t.type_data().is_some() && vm.isinstance(&obj, t)),
        )))
    });
    // None itself has no `|`: `None | int` is int's reflected `|`.
    let type_ = vm.types.type_.clone();
    crate::native::add_slot(vm, &type_, NativeSlot::Binary(NB_OR, union_or_slot));
    let alias = vm.generic_alias.clone();
    crate::native::add_slot(vm, &alias, NativeSlot::Binary(NB_OR, union_or_slot));
    ty
}

static NS_REDUCE: Signature = Signature::unlisted("SimpleNamespace", "__reduce__", "($self, /)");
static NS_INIT: Signature =
    Signature::slot_wrapper("SimpleNamespace", "__init__", "($self, /, *args, **kwargs)");
static NS_EQ: Signature = Signature::slot_wrapper("SimpleNamespace", "__eq__", "($self, value, /)");

/// `union[item]`: the members with their type variables replaced, joined with `|`.
/// The `BINARY_OP` argument of `|`.
const BINARY_OR: usize = 7;

fn union_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (me, [item]) = UNION_GETITEM.bind(vm, args)?;
    let (me, item) = (given(me), given(item));
    let params = abstract_::tuple_items(&union_part(&me, "__parameters__")).unwrap_or_default();
    let members = abstract_::tuple_items(&union_part(&me, "__args__")).unwrap_or_default();
    let new_args = subs_parameters(vm, &me, &members, &params, &item)?;
    let mut result = Value::None;
    for (i, member) in new_args.into_iter().enumerate() {
        result = if i == 0 {
            member
        } else {
            abstract_::binary_op(vm, &result, &member, BINARY_OR)?
        };
    }
    Ok(result)
}

/// `types.SimpleNamespace`: attribute bag whose repr lists its attributes.
pub fn init_namespace(vm: &mut Vm) -> ObjRef {
    let ty = new_types_class(vm, "SimpleNamespace");
    typeobject::add_instance_dict_descriptor(vm, &ty);
    // Pickling: `(type(ns), (), ns.__dict__)`.
    add_method_sig(vm, &ty, &NS_REDUCE, |vm, args| {
        let (me, []) = NS_REDUCE.bind(vm, args)?;
        let me = given(me);
        let class = Value::Obj(vm.type_of(&me));
        let dict = abstract_::getattr_str(vm, &me, "__dict__")?;
        let args = vm.new_tuple(vec![]);
        Ok(vm.new_tuple(vec![class, args, dict]))
    });
    add_method_sig(vm, &ty, &NS_INIT, |vm, args| {
        let bound = NS_INIT.bind_all::<0>(vm, args)?;
        // 3.11 takes the attributes as keywords only.
        if !bound.args.is_empty() {
            return Err(vm.new_type_error("no positional arguments expected".to_owned()));
        }
        let me = given(bound.this);
        for (k, v) in bound.kwargs {
            abstract_::setattr(vm, &me, &k, Some(v))?;
        }
        Ok(Value::None)
    });
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, me| {
            let Value::Obj(o) = &me else {
                return Ok(vm.new_str("namespace()"));
            };
            let class = o.class();
            let name = if Rc::ptr_eq(&class, &vm.namespace_type) {
                "namespace".to_owned()
            } else {
                typeobject::type_name(&class)
            };
            let id = crate::object::object_id(o) as usize;
            if vm.repr_guard.contains(&id) {
                return Ok(vm.new_str(format!("{name}(...)")));
            }
            vm.repr_guard.insert(id);
            let mut parts = Vec::new();
            let items = o
                .dict()
                .map(|d| crate::objects::dict::dict_items(&d))
                .unwrap_or_default();
            let mut result = Ok(());
            for (k, v) in items {
                match abstract_::repr_string(vm, &v) {
                    Ok(r) => parts.push(format!(
                        "{}={r}",
                        abstract_::value_as_str(&k).unwrap_or("?")
                    )),
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
            vm.repr_guard.remove(&id);
            result?;
            Ok(vm.new_str(format!("{name}({})", parts.join(", "))))
        }),
    );
    add_method_sig(vm, &ty, &NS_EQ, |vm, args| {
        let (a, [b]) = NS_EQ.bind(vm, args)?;
        let (a, b) = (given(a), given(b));
        if !vm.isinstance(&b, &vm.namespace_type.clone()) {
            return Ok(vm.not_implemented());
        }
        let da = abstract_::getattr_str(vm, &a, "__dict__")?;
        let db = abstract_::getattr_str(vm, &b, "__dict__")?;
        abstract_::compare(vm, &da, &db, 2)
    });
    ty
}
