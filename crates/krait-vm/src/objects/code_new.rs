//! Code objects made from Python values (CPython's `code_new_impl`,
//! `code_replace_impl` and `_PyCode_New`): `code(...)`, `code.replace(...)` and
//! `marshal`'s reader all go through `new_code`, which checks the fields as
//! `_PyCode_Validate` does and interns names and identifier-like constants.

use std::rc::Rc;

use krait_bytecode::{CodeObject, LocalKind};

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::{
    all_name_chars, bad_internal_call, code_of, name_objects, names_with_kind, new_str_obj,
    tuple_of, CodeData, CodeObjects, CodeTables,
};
use crate::objects::function::Args;
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
// ---------------------------------------------------------------------------
// Code made from Python values

/// The fields of a code object as Python values, in the order `marshal` writes
/// them (CPython's `_PyCodeConstructor`).
pub struct CodeFields {
    pub argcount: i32,
    pub posonlyargcount: i32,
    pub kwonlyargcount: i32,
    pub stacksize: i32,
    pub flags: i32,
    pub code: Value,
    pub consts: Value,
    pub names: Value,
    pub localsplusnames: Value,
    pub localspluskinds: Value,
    pub filename: Value,
    pub name: Value,
    pub qualname: Value,
    pub firstlineno: i32,
    pub linetable: Value,
    pub exceptiontable: Value,
}

/// The contents of the bytes object `v`, which is left `None`: moved out when
/// nothing else holds the object (as when marshal data was just read), else copied.
fn take_bytes(v: &mut Value) -> Vec<u8> {
    let Value::Obj(o) = std::mem::replace(v, Value::None) else {
        return Vec::new();
    };
    match Rc::try_unwrap(o) {
        Ok(mut only) => match std::mem::replace(&mut only.payload, Payload::Instance) {
            Payload::Bytes(b) => b.into_vec(),
            _ => Vec::new(),
        },
        Err(shared) => bytes_of(&Value::Obj(shared)).unwrap_or_default().to_vec(),
    }
}

fn bytes_of(v: &Value) -> Option<&[u8]> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Bytes(b) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

fn str_of(v: &Value) -> Option<&ObjRef> {
    v.as_obj().filter(|o| o.str_data().is_some())
}

fn is_exact_str(vm: &Vm, o: &ObjRef) -> bool {
    o.str_data().is_some() && Rc::ptr_eq(&o.class(), &vm.types.str)
}

/// `intern_strings`: each name must be an exact str and becomes the interned one;
/// `Some(names)` when that changed any.
fn intern_names(vm: &mut Vm, names: &[Value]) -> PyResult<Option<Vec<Value>>> {
    let mut changed = None;
    for (i, v) in names.iter().enumerate() {
        let Some(o) = v.as_obj().filter(|o| is_exact_str(vm, o)) else {
            return Err(vm.new_error(Exc::SystemError, "non-string found in code slot"));
        };
        if !vm.is_interned(o) {
            let interned = Value::Obj(vm.intern(abstract_::obj_as_str(o).unwrap_or_default()));
            changed.get_or_insert_with(|| names.to_vec())[i] = interned;
        }
    }
    Ok(changed)
}

/// `tuple`, or a tuple of `changed` items when interning changed any.
fn tuple_after(vm: &Vm, tuple: &Value, changed: Option<Vec<Value>>) -> Value {
    match changed {
        Some(items) => vm.new_tuple(items),
        None => tuple.clone(),
    }
}

/// `intern_string_constants`: identifier-like strs among the constants (and in
/// their tuples and frozensets) become the interned ones; a container is made
/// again only when something in it changed.
fn intern_constants(vm: &mut Vm, consts: &[Value]) -> PyResult<Option<Vec<Value>>> {
    let mut changed = None;
    for (i, v) in consts.iter().enumerate() {
        if let Some(new) = interned_constant(vm, v)? {
            changed.get_or_insert_with(|| consts.to_vec())[i] = new;
        }
    }
    Ok(changed)
}

fn interned_constant(vm: &mut Vm, v: &Value) -> PyResult<Option<Value>> {
    let Value::Obj(o) = v else { return Ok(None) };
    let class = o.class();
    if Rc::ptr_eq(&class, &vm.types.str) {
        let text = abstract_::obj_as_str(o).unwrap_or_default();
        if !all_name_chars(text) || vm.is_interned(o) {
            return Ok(None);
        }
        return Ok(Some(Value::Obj(vm.intern(text))));
    }
    if Rc::ptr_eq(&class, &vm.types.tuple) {
        let items = tuple_of(v).unwrap_or_default();
        return Ok(intern_constants(vm, items)?.map(|items| vm.new_tuple(items)));
    }
    if Rc::ptr_eq(&class, &vm.types.frozenset) {
        let items = crate::objects::set::set_items(v).unwrap_or_default();
        return match intern_constants(vm, &items)? {
            Some(items) => Ok(Some(crate::objects::set::new_frozenset(vm, items)?)),
            None => Ok(None),
        };
    }
    Ok(None)
}

/// Makes a code object from its fields, checking them as `_PyCode_Validate` does and
/// interning its names and identifier-like constants as `_PyCode_New` does.
pub fn new_code(vm: &mut Vm, fields: CodeFields) -> PyResult<Value> {
    new_code_from(vm, fields, Origin::Outside)
}

/// Where the fields of a code object come from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The program: its operands are checked before the code can run.
    Outside,
    /// Krait's own compiler, at build time (the frozen modules embedded in the
    /// binary): its operands are right by construction.
    Compiler,
}

/// `new_code` for fields from `origin`.
pub fn new_code_from(vm: &mut Vm, mut fields: CodeFields, origin: Origin) -> PyResult<Value> {
    let valid = fields.argcount >= fields.posonlyargcount
        && fields.posonlyargcount >= 0
        && fields.kwonlyargcount >= 0
        && fields.stacksize >= 0
        && fields.flags >= 0;
    let parts = (
        bytes_of(&fields.code),
        tuple_of(&fields.consts),
        tuple_of(&fields.names),
        tuple_of(&fields.localsplusnames),
        bytes_of(&fields.localspluskinds),
        str_of(&fields.filename),
        str_of(&fields.name),
        str_of(&fields.qualname),
        bytes_of(&fields.linetable),
        bytes_of(&fields.exceptiontable),
    );
    let (
        Some(code),
        Some(consts),
        Some(names),
        Some(localsplusnames),
        Some(localspluskinds),
        Some(filename),
        Some(name),
        Some(qualname),
        Some(linetable),
        Some(exceptiontable),
    ) = parts
    else {
        return Err(bad_internal_call(vm));
    };
    if !valid || localsplusnames.len() != localspluskinds.len() {
        return Err(bad_internal_call(vm));
    }
    if !code.len().is_multiple_of(2) {
        return Err(vm.new_value_error("code: co_code is malformed".to_owned()));
    }
    let nlocals = localspluskinds
        .iter()
        .filter(|kind| **kind & LocalKind::LOCAL != 0)
        .count() as i64;
    let flag = |bit: u32| i64::from(fields.flags as u32 & bit != 0);
    let arguments = i64::from(fields.argcount)
        + i64::from(fields.kwonlyargcount)
        + flag(krait_bytecode::CodeFlags::VARARGS)
        + flag(krait_bytecode::CodeFlags::VARKEYWORDS);
    if nlocals < arguments {
        return Err(vm.new_value_error("code: co_varnames is too small".to_owned()));
    }
    // The compiler's marshal data holds its names and identifier-like constants
    // interned already (`krait_bytecode::marshal::dumps_code`).
    let (names, consts, localsplusnames) = if origin == Origin::Compiler {
        (
            fields.names.clone(),
            fields.consts.clone(),
            fields.localsplusnames.clone(),
        )
    } else {
        let changed = intern_names(vm, names)?;
        let names = tuple_after(vm, &fields.names, changed);
        let changed = intern_constants(vm, consts)?;
        let consts = tuple_after(vm, &fields.consts, changed);
        let changed = intern_names(vm, localsplusnames)?;
        (
            names,
            consts,
            tuple_after(vm, &fields.localsplusnames, changed),
        )
    };
    let text = |names: &Value| -> Vec<Rc<str>> {
        name_objects(names)
            .iter()
            .map(|n| Rc::from(abstract_::obj_as_str(n).unwrap_or_default()))
            .collect()
    };
    let obj_text =
        |o: &ObjRef| -> Rc<str> { Rc::from(abstract_::obj_as_str(o).unwrap_or_default()) };
    let compiled = CodeObject {
        argcount: fields.argcount as u32,
        posonlyargcount: fields.posonlyargcount as u32,
        kwonlyargcount: fields.kwonlyargcount as u32,
        stacksize: fields.stacksize as u32,
        flags: fields.flags as u32,
        code: take_bytes(&mut fields.code),
        consts: Vec::new(),
        names: text(&names),
        localsplusnames: text(&localsplusnames),
        localspluskinds: take_bytes(&mut fields.localspluskinds),
        filename: obj_text(filename),
        name: obj_text(name),
        qualname: obj_text(qualname),
        firstlineno: fields.firstlineno as u32,
        linetable: linetable.to_vec(),
        exceptiontable: exceptiontable.to_vec(),
    };
    let objects = CodeObjects {
        tables: CodeTables {
            consts,
            names,
            localsplusnames,
            linetable: fields.linetable.clone(),
            exceptiontable: fields.exceptiontable.clone(),
        },
        filename: filename.clone(),
        name: name.clone(),
        qualname: qualname.clone(),
    };
    let data = CodeData::new(vm, Rc::new(compiled), objects, origin == Origin::Outside)?;
    Ok(Value::Obj(PyObject::new(
        vm.types.code.clone(),
        Payload::Code(data),
    )))
}

static CODE_NEW: Signature = Signature::new(
    "code",
    "($type, argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize,
     flags, codestring, constants, names, varnames, filename, name,
     qualname, firstlineno, linetable, exceptiontable, freevars=(),
     cellvars=(), /)",
);

pub static REPLACE: Signature = Signature::of(
    "code",
    "replace",
    "($self, /, *, co_argcount=-1, co_posonlyargcount=-1,
        co_kwonlyargcount=-1, co_nlocals=-1, co_stacksize=-1,
        co_flags=-1, co_firstlineno=-1, co_code=None, co_consts=None,
        co_names=None, co_varnames=None, co_freevars=None,
        co_cellvars=None, co_filename=None, co_name=None,
        co_qualname=None, co_linetable=None, co_exceptiontable=None)",
);

/// How an argument is named in a conversion error: by position for `code()`,
/// by keyword for `replace()`.
#[derive(Clone, Copy)]
enum ArgName {
    Position(&'static str, usize),
    Keyword(&'static str, &'static str),
}

impl std::fmt::Display for ArgName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgName::Position(func, n) => write!(f, "{func}() argument {n}"),
            ArgName::Keyword(func, name) => write!(f, "{func}() argument '{name}'"),
        }
    }
}

/// Argument Clinic's `object(subclass_of=...)` check.
fn typed_arg(vm: &mut Vm, v: Value, ty: &ObjRef, expected: &str, name: ArgName) -> PyResult<Value> {
    if vm.isinstance(&v, ty) {
        return Ok(v);
    }
    let given = crate::objects::str_methods::argument_type_name(vm, &v);
    Err(vm.new_type_error(format!("{name} must be {expected}, not {given}")))
}

/// Argument Clinic's `int` converter.
fn int_arg(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = crate::objects::str_methods::c_int_arg(vm, v)?;
    Ok(i32::try_from(n).unwrap_or_default())
}

/// `validate_and_copy_tuple`: a names tuple whose items are strs (exact copies of
/// str subclasses).
fn name_tuple(vm: &mut Vm, v: &Value) -> PyResult<Vec<Value>> {
    let items = tuple_of(v).unwrap_or_default().to_vec();
    items
        .iter()
        .map(|item| match item.as_obj() {
            Some(o) if is_exact_str(vm, o) => Ok(item.clone()),
            Some(o) if o.str_data().is_some() => {
                let text = abstract_::obj_as_str(o).unwrap_or_default().to_owned();
                Ok(Value::Obj(new_str_obj(vm, &text)))
            }
            _ => {
                let given = vm.type_name_of(item);
                Err(vm.new_type_error(format!(
                    "name tuples must contain only strings, not '{given}'"
                )))
            }
        })
        .collect()
}

/// The localsplus names and kinds of `varnames`, `cellvars` and `freevars`, a cell
/// that is also an argument taking the argument's slot
/// (`PyCode_NewWithPosOnlyArgs`).
fn localsplus(varnames: &[Value], cellvars: &[Value], freevars: &[Value]) -> (Vec<Value>, Vec<u8>) {
    let mut names = varnames.to_vec();
    let mut kinds = vec![LocalKind::LOCAL; varnames.len()];
    for cell in cellvars {
        let same = |v: &Value| {
            abstract_::value_as_str(v).is_some()
                && abstract_::value_as_str(v) == abstract_::value_as_str(cell)
        };
        match varnames.iter().position(same) {
            Some(arg) => kinds[arg] |= LocalKind::CELL,
            None => {
                names.push(cell.clone());
                kinds.push(LocalKind::CELL);
            }
        }
    }
    names.extend(freevars.iter().cloned());
    kinds.extend(std::iter::repeat_n(LocalKind::FREE, freevars.len()));
    (names, kinds)
}

/// `PyCode_NewWithPosOnlyArgs`: a code object from the fields `code()` and
/// `replace()` take.
struct PublicFields {
    argcount: i32,
    posonlyargcount: i32,
    kwonlyargcount: i32,
    nlocals: i32,
    stacksize: i32,
    flags: i32,
    code: Value,
    consts: Value,
    names: Value,
    varnames: Vec<Value>,
    filename: Value,
    name: Value,
    qualname: Value,
    firstlineno: i32,
    linetable: Value,
    exceptiontable: Value,
    freevars: Vec<Value>,
    cellvars: Vec<Value>,
}

fn code_from_public_fields(vm: &mut Vm, f: PublicFields) -> PyResult<Value> {
    let (localsplusnames, kinds) = localsplus(&f.varnames, &f.cellvars, &f.freevars);
    let localsplusnames = vm.new_tuple(localsplusnames);
    let localspluskinds = vm.new_bytes(kinds);
    let nvarnames = f.varnames.len();
    let code = new_code(
        vm,
        CodeFields {
            argcount: f.argcount,
            posonlyargcount: f.posonlyargcount,
            kwonlyargcount: f.kwonlyargcount,
            stacksize: f.stacksize,
            flags: f.flags,
            code: f.code,
            consts: f.consts,
            names: f.names,
            localsplusnames,
            localspluskinds,
            filename: f.filename,
            name: f.name,
            qualname: f.qualname,
            firstlineno: f.firstlineno,
            linetable: f.linetable,
            exceptiontable: f.exceptiontable,
        },
    )?;
    if usize::try_from(f.nlocals).ok() != Some(nvarnames) {
        return Err(vm.new_value_error("code: co_nlocals != len(co_varnames)".to_owned()));
    }
    Ok(code)
}

/// `code(argcount, posonlyargcount, ...)` (`types.CodeType`).
pub fn code_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_, params) = CODE_NEW.bind::<18>(vm, args)?;
    let [argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, code, consts, names, varnames, filename, name, qualname, firstlineno, linetable, exceptiontable, freevars, cellvars] =
        params.map(|p| p.unwrap_or(Value::None));
    let (bytes_type, tuple_type, str_type) = (
        vm.types.bytes.clone(),
        vm.types.tuple.clone(),
        vm.types.str.clone(),
    );
    let at = |n| ArgName::Position("code", n);
    let argcount = int_arg(vm, &argcount)?;
    let posonlyargcount = int_arg(vm, &posonlyargcount)?;
    let kwonlyargcount = int_arg(vm, &kwonlyargcount)?;
    let nlocals = int_arg(vm, &nlocals)?;
    let stacksize = int_arg(vm, &stacksize)?;
    let flags = int_arg(vm, &flags)?;
    let code = typed_arg(vm, code, &bytes_type, "bytes", at(7))?;
    let consts = typed_arg(vm, consts, &tuple_type, "tuple", at(8))?;
    let names = typed_arg(vm, names, &tuple_type, "tuple", at(9))?;
    let varnames = typed_arg(vm, varnames, &tuple_type, "tuple", at(10))?;
    let filename = typed_arg(vm, filename, &str_type, "str", at(11))?;
    let name = typed_arg(vm, name, &str_type, "str", at(12))?;
    let qualname = typed_arg(vm, qualname, &str_type, "str", at(13))?;
    let firstlineno = int_arg(vm, &firstlineno)?;
    let linetable = typed_arg(vm, linetable, &bytes_type, "bytes", at(15))?;
    let exceptiontable = typed_arg(vm, exceptiontable, &bytes_type, "bytes", at(16))?;
    let empty = vm.new_tuple(Vec::new());
    let freevars = match freevars {
        Value::None => empty.clone(),
        v => typed_arg(vm, v, &tuple_type, "tuple", at(17))?,
    };
    let cellvars = match cellvars {
        Value::None => empty,
        v => typed_arg(vm, v, &tuple_type, "tuple", at(18))?,
    };
    for (value, what) in [
        (argcount, "argcount"),
        (posonlyargcount, "posonlyargcount"),
        (kwonlyargcount, "kwonlyargcount"),
        (nlocals, "nlocals"),
    ] {
        if value < 0 {
            return Err(vm.new_value_error(format!("code: {what} must not be negative")));
        }
    }
    let names = name_tuple(vm, &names)?;
    let names = vm.new_tuple(names);
    let varnames = name_tuple(vm, &varnames)?;
    let freevars = name_tuple(vm, &freevars)?;
    let cellvars = name_tuple(vm, &cellvars)?;
    code_from_public_fields(
        vm,
        PublicFields {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            nlocals,
            stacksize,
            flags,
            code,
            consts,
            names,
            varnames,
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
            freevars,
            cellvars,
        },
    )
}

/// `code.replace(**changes)`: a copy with the given fields replaced.
pub fn code_replace(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, params) = REPLACE.bind::<18>(vm, args)?;
    let this = this.unwrap_or(Value::None);
    let Some(c) = code_of(&this).cloned() else {
        let given = vm.type_name_of(&this);
        return Err(vm.new_type_error(format!(
            "descriptor 'replace' for 'code' objects doesn't apply to a '{given}' object"
        )));
    };
    let [argcount, posonlyargcount, kwonlyargcount, nlocals, stacksize, flags, firstlineno, code, consts, names, varnames, freevars, cellvars, filename, name, qualname, linetable, exceptiontable] =
        params;
    let at = |name| ArgName::Keyword("replace", name);
    let int_field = |vm: &mut Vm, v: Option<Value>, current: i64| match v {
        Some(v) => int_arg(vm, &v),
        None => Ok(current as i32),
    };
    let argcount = int_field(vm, argcount, c.code.argcount.into())?;
    let posonlyargcount = int_field(vm, posonlyargcount, c.code.posonlyargcount.into())?;
    let kwonlyargcount = int_field(vm, kwonlyargcount, c.code.kwonlyargcount.into())?;
    let nlocals = int_field(vm, nlocals, c.code.nlocals() as i64)?;
    let stacksize = int_field(vm, stacksize, c.code.stacksize.into())?;
    let flags = int_field(vm, flags, c.code.flags.into())?;
    let firstlineno = int_field(vm, firstlineno, (c.code.firstlineno as i32).into())?;
    let (bytes_type, tuple_type, str_type) = (
        vm.types.bytes.clone(),
        vm.types.tuple.clone(),
        vm.types.str.clone(),
    );
    let field = |vm: &mut Vm, v: Option<Value>, ty: &ObjRef, what, name, current: Value| match v {
        Some(v) => typed_arg(vm, v, ty, what, at(name)),
        None => Ok(current),
    };
    let current_code = vm.new_bytes(c.code.code.clone());
    let tables = &c.tables;
    let code = field(vm, code, &bytes_type, "bytes", "co_code", current_code)?;
    let current_consts = tables.consts.clone();
    let consts = field(
        vm,
        consts,
        &tuple_type,
        "tuple",
        "co_consts",
        current_consts,
    )?;
    let current_names = tables.names.clone();
    let names = field(vm, names, &tuple_type, "tuple", "co_names", current_names)?;
    let current_varnames = names_with_kind(vm, &c, LocalKind::LOCAL);
    let varnames = field(
        vm,
        varnames,
        &tuple_type,
        "tuple",
        "co_varnames",
        current_varnames,
    )?;
    let current_freevars = names_with_kind(vm, &c, LocalKind::FREE);
    let freevars = field(
        vm,
        freevars,
        &tuple_type,
        "tuple",
        "co_freevars",
        current_freevars,
    )?;
    let current_cellvars = names_with_kind(vm, &c, LocalKind::CELL);
    let cellvars = field(
        vm,
        cellvars,
        &tuple_type,
        "tuple",
        "co_cellvars",
        current_cellvars,
    )?;
    let filename = field(
        vm,
        filename,
        &str_type,
        "str",
        "co_filename",
        Value::Obj(c.filename.clone()),
    )?;
    let name = field(
        vm,
        name,
        &str_type,
        "str",
        "co_name",
        Value::Obj(c.name.clone()),
    )?;
    let qualname = field(
        vm,
        qualname,
        &str_type,
        "str",
        "co_qualname",
        Value::Obj(c.qualname.clone()),
    )?;
    let current_linetable = tables.linetable.clone();
    let linetable = field(
        vm,
        linetable,
        &bytes_type,
        "bytes",
        "co_linetable",
        current_linetable,
    )?;
    let current_exceptiontable = tables.exceptiontable.clone();
    let exceptiontable = field(
        vm,
        exceptiontable,
        &bytes_type,
        "bytes",
        "co_exceptiontable",
        current_exceptiontable,
    )?;
    for (value, what) in [
        (argcount, "co_argcount"),
        (posonlyargcount, "co_posonlyargcount"),
        (kwonlyargcount, "co_kwonlyargcount"),
        (nlocals, "co_nlocals"),
        (stacksize, "co_stacksize"),
        (flags, "co_flags"),
        (firstlineno, "co_firstlineno"),
    ] {
        if value < 0 {
            return Err(vm.new_value_error(format!("{what} must be a positive integer")));
        }
    }
    let items = |v: &Value| tuple_of(v).unwrap_or_default().to_vec();
    code_from_public_fields(
        vm,
        PublicFields {
            argcount,
            posonlyargcount,
            kwonlyargcount,
            nlocals,
            stacksize,
            flags,
            code,
            consts,
            names,
            varnames: items(&varnames),
            filename,
            name,
            qualname,
            firstlineno,
            linetable,
            exceptiontable,
            freevars: items(&freevars),
            cellvars: items(&cellvars),
        },
    )
}
