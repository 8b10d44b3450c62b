//! Code objects at run time (CPython's `Objects/codeobject.c`): the compiler's
//! `CodeObject` plus what the eval loop wants ready: constants as values, names as
//! interned strs, the parsed exception table and per-instruction positions.

use std::cell::OnceCell;
use std::rc::Rc;

use krait_bytecode::tables::{self, ExceptionEntry, Position};
use krait_bytecode::{CodeObject, Constant};

use crate::object::{ObjRef, Payload, PyObject};
use crate::value::Value;
use crate::{PyResult, Vm};

pub struct CodeData {
    pub code: Rc<CodeObject>,
    pub consts: Vec<Value>,
    pub names: Vec<ObjRef>,
    pub localsplus_names: Vec<ObjRef>,
    pub exception_table: Vec<ExceptionEntry>,
    positions: OnceCell<Vec<Position>>,
    /// `co_code` decoded once, one entry per code unit: the eval loop reads the
    /// opcode, its full argument and where the next instruction starts from here.
    pub instructions: Vec<Instruction>,
}

/// A decoded instruction, stored at the position of its first code unit (an
/// `EXTENDED_ARG` prefix, if any, so that jumps to the prefix work).
#[derive(Clone, Copy, Debug)]
pub struct Instruction {
    /// `None` for a byte that is not a 3.11 opcode.
    pub opcode: Option<krait_bytecode::Opcode>,
    pub arg: u32,
    /// The code unit of the opcode itself (after any prefixes): `f_lasti / 2`.
    pub at: u32,
    /// The code unit after the instruction and its inline caches.
    pub next: u32,
}

/// Decodes code units into `Instruction`s (prefixes folded, caches skipped).
fn decode(code: &[u8]) -> Vec<Instruction> {
    let units = code.len() / 2;
    let mut out = Vec::with_capacity(units);
    for start in 0..units {
        let mut pc = start;
        let mut arg: u32 = 0;
        let entry = loop {
            let byte = code[pc * 2];
            arg = (arg << 8) | code[pc * 2 + 1] as u32;
            let opcode = krait_bytecode::Opcode::from_u8(byte);
            if opcode == Some(krait_bytecode::Opcode::EXTENDED_ARG) && pc + 1 < units {
                pc += 1;
                continue;
            }
            let next = pc + 1 + opcode.map_or(0, |op| op.cache_entries());
            break Instruction {
                opcode,
                arg,
                at: pc as u32,
                next: next as u32,
            };
        };
        out.push(entry);
    }
    out
}

impl CodeData {
    pub fn nlocalsplus(&self) -> usize {
        self.code.localsplusnames.len()
    }

    pub fn is_generator(&self) -> bool {
        self.code.flags
            & (krait_bytecode::CodeFlags::GENERATOR
                | krait_bytecode::CodeFlags::COROUTINE
                | krait_bytecode::CodeFlags::ASYNC_GENERATOR)
            != 0
    }

    /// The source position of the instruction at code unit `index`.
    pub fn position(&self, index: usize) -> Position {
        let positions = self.positions.get_or_init(|| {
            tables::decode_positions(
                &self.code.linetable,
                self.code.firstlineno,
                self.code.code.len() / 2,
            )
        });
        positions.get(index).copied().unwrap_or_default()
    }

    /// The line of the instruction at code unit `index`, as `f_lineno` reports it.
    pub fn line_at(&self, index: usize) -> Option<u32> {
        self.position(index).line
    }

    /// The exception handler covering code unit `index`.
    pub fn handler_for(&self, index: usize) -> Option<ExceptionEntry> {
        let i = index as u32;
        self.exception_table
            .iter()
            .find(|e| e.start <= i && i < e.end)
            .copied()
    }

    pub fn cell_kind(&self, index: usize) -> u8 {
        self.code.localspluskinds.get(index).copied().unwrap_or(0)
    }
}

/// Turns a compiled or unmarshalled code object into run-time form, checking the
/// invariants the eval loop relies on.
pub fn load_code(vm: &mut Vm, code: Rc<CodeObject>) -> PyResult<Rc<CodeData>> {
    if !code.code.len().is_multiple_of(2)
        || code.localsplusnames.len() != code.localspluskinds.len()
    {
        return Err(vm.new_value_error("code: malformed code object".to_owned()));
    }
    let consts = code
        .consts
        .iter()
        .map(|c| constant_to_value(vm, c))
        .collect::<PyResult<Vec<_>>>()?;
    let names = code.names.iter().map(|n| vm.intern(n)).collect();
    let localsplus_names = code.localsplusnames.iter().map(|n| vm.intern(n)).collect();
    let exception_table = tables::parse_exception_table(&code.exceptiontable)
        .ok_or_else(|| vm.new_value_error("code: malformed exception table".to_owned()))?;
    let code_units = code.code.clone();
    Ok(Rc::new(CodeData {
        code,
        consts,
        names,
        localsplus_names,
        exception_table,
        positions: OnceCell::new(),
        instructions: decode(&code_units),
    }))
}

pub fn constant_to_value(vm: &mut Vm, constant: &Constant) -> PyResult<Value> {
    Ok(match constant {
        Constant::None => Value::None,
        Constant::Ellipsis => vm.ellipsis(),
        Constant::Bool(b) => Value::Bool(*b),
        Constant::Int(n) => Value::Int(*n),
        Constant::BigInt(n) => vm.new_big_int(n.clone()),
        Constant::Float(x) => Value::Float(*x),
        Constant::Complex { real, imag } => Value::Obj(PyObject::new(
            vm.types.complex.clone(),
            Payload::Complex(*real, *imag),
        )),
        Constant::Str(s) => {
            // Short identifier-like constants are interned, as CPython does.
            if s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                Value::Obj(vm.intern(s))
            } else {
                vm.new_str(s.to_string())
            }
        }
        Constant::Bytes(b) => vm.new_bytes(b.to_vec()),
        Constant::Tuple(items) => {
            let values = items
                .iter()
                .map(|c| constant_to_value(vm, c))
                .collect::<PyResult<Vec<_>>>()?;
            vm.new_tuple(values)
        }
        Constant::FrozenSet(items) => {
            let values = items
                .iter()
                .map(|c| constant_to_value(vm, c))
                .collect::<PyResult<Vec<_>>>()?;
            crate::objects::set::new_frozenset(vm, values)?
        }
        Constant::Code(code) => {
            let data = load_code(vm, code.clone())?;
            Value::Obj(PyObject::new(vm.types.code.clone(), Payload::Code(data)))
        }
    })
}

/// The run-time code of a code object value.
pub fn as_code(v: &Value) -> Option<&Rc<CodeData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Code(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The code type's attributes (`co_*`)

use crate::objects::{add_getset, add_method, add_method_sig, this};
use crate::signature::Signature;

/// `code._varname_from_oparg(oparg)`: the local, cell or free variable an
/// instruction's argument names (`dis` uses it).
static VARNAME_FROM_OPARG: Signature =
    Signature::of("code", "_varname_from_oparg", "($self, /, oparg)");

fn code_of(v: &Value) -> Option<&Rc<CodeData>> {
    as_code(v)
}

macro_rules! code_attr {
    ($vm:expr, $ty:expr, $name:literal, |$vmv:ident, $c:ident| $body:expr) => {
        add_getset(
            $vm,
            $ty,
            $name,
            |$vmv, v| {
                let Some($c) = code_of(v).cloned() else {
                    return Ok(Value::None);
                };
                Ok($body)
            },
            None,
        );
    };
}

fn str_tuple(vm: &mut Vm, names: &[Rc<str>]) -> Value {
    let items = names.iter().map(|n| Value::Obj(vm.intern(n))).collect();
    vm.new_tuple(items)
}

pub fn init(vm: &mut Vm) {
    let ty = vm.types.code.clone();
    code_attr!(vm, &ty, "co_code", |vm, c| vm
        .new_bytes(c.code.code.clone()));
    code_attr!(vm, &ty, "_co_code_adaptive", |vm, c| vm
        .new_bytes(c.code.code.clone()));
    code_attr!(vm, &ty, "co_consts", |vm, c| vm.new_tuple(c.consts.clone()));
    code_attr!(vm, &ty, "co_names", |vm, c| str_tuple(vm, &c.code.names));
    code_attr!(vm, &ty, "co_varnames", |vm, c| str_tuple(
        vm,
        &c.code.varnames()
    ));
    code_attr!(vm, &ty, "co_cellvars", |vm, c| str_tuple(
        vm,
        &c.code.cellvars()
    ));
    code_attr!(vm, &ty, "co_freevars", |vm, c| str_tuple(
        vm,
        &c.code.freevars()
    ));
    code_attr!(vm, &ty, "co_localsplusnames", |vm, c| str_tuple(
        vm,
        &c.code.localsplusnames
    ));
    code_attr!(vm, &ty, "co_localspluskinds", |vm, c| vm
        .new_bytes(c.code.localspluskinds.clone()));
    code_attr!(vm, &ty, "co_argcount", |_vm, c| Value::Int(
        c.code.argcount as i64
    ));
    code_attr!(vm, &ty, "co_posonlyargcount", |_vm, c| Value::Int(
        c.code.posonlyargcount as i64
    ));
    code_attr!(vm, &ty, "co_kwonlyargcount", |_vm, c| Value::Int(
        c.code.kwonlyargcount as i64
    ));
    code_attr!(vm, &ty, "co_nlocals", |_vm, c| Value::Int(
        c.code.nlocals() as i64
    ));
    code_attr!(vm, &ty, "co_stacksize", |_vm, c| Value::Int(
        c.code.stacksize as i64
    ));
    code_attr!(vm, &ty, "co_flags", |_vm, c| Value::Int(
        c.code.flags as i64
    ));
    code_attr!(vm, &ty, "co_firstlineno", |_vm, c| Value::Int(
        c.code.firstlineno as i64
    ));
    code_attr!(vm, &ty, "co_filename", |vm, c| vm
        .new_str(c.code.filename.to_string()));
    code_attr!(vm, &ty, "co_name", |vm, c| Value::Obj(
        vm.intern(&c.code.name)
    ));
    code_attr!(vm, &ty, "co_qualname", |vm, c| vm
        .new_str(c.code.qualname.to_string()));
    code_attr!(vm, &ty, "co_linetable", |vm, c| vm
        .new_bytes(c.code.linetable.clone()));
    code_attr!(vm, &ty, "co_exceptiontable", |vm, c| vm
        .new_bytes(c.code.exceptiontable.clone()));
    code_attr!(vm, &ty, "co_lnotab", |vm, _c| vm.new_bytes(Vec::new()));
    add_method_sig(
        vm,
        &ty,
        &crate::objects::code_replace::REPLACE,
        crate::objects::code_replace::code_replace,
    );
    add_method_sig(vm, &ty, &VARNAME_FROM_OPARG, |vm, args| {
        let (this, [oparg]) = VARNAME_FROM_OPARG.bind(vm, args)?;
        let names = match this.as_ref().and_then(code_of) {
            Some(c) => c.localsplus_names.clone(),
            None => return Err(vm.new_type_error("descriptor requires a 'code' object".to_owned())),
        };
        let index = crate::abstract_::index(vm, &oparg.unwrap_or(Value::None))?;
        let index = crate::objects::int::as_i64(&index).unwrap_or(-1);
        match usize::try_from(index).ok().and_then(|i| names.get(i)) {
            Some(name) => Ok(Value::Obj(name.clone())),
            None => Err(vm.new_error(crate::Exc::IndexError, "tuple index out of range")),
        }
    });
    add_method(vm, &ty, "co_positions", |vm, args| {
        let Some(c) = code_of(&this(&args)).cloned() else {
            return Ok(Value::None);
        };
        let n = c.code.code.len() / 2;
        let opt = |x: Option<u32>| x.map(|v| Value::Int(v as i64)).unwrap_or(Value::None);
        let items = (0..n)
            .map(|i| {
                let p = c.position(i);
                vm.new_tuple(vec![
                    opt(p.line),
                    opt(p.end_line),
                    opt(p.col),
                    opt(p.end_col),
                ])
            })
            .collect();
        let list = vm.new_list(items);
        crate::abstract_::get_iter(vm, &list)
    });
    add_method(vm, &ty, "co_lines", |vm, args| {
        let Some(c) = code_of(&this(&args)).cloned() else {
            return Ok(Value::None);
        };
        let n = c.code.code.len() / 2;
        let mut out: Vec<Value> = Vec::new();
        let mut start = 0;
        while start < n {
            let line = c.position(start).line;
            let mut end = start + 1;
            while end < n && c.position(end).line == line {
                end += 1;
            }
            let l = line.map(|v| Value::Int(v as i64)).unwrap_or(Value::None);
            out.push(vm.new_tuple(vec![
                Value::Int(start as i64 * 2),
                Value::Int(end as i64 * 2),
                l,
            ]));
            start = end;
        }
        let list = vm.new_list(out);
        crate::abstract_::get_iter(vm, &list)
    });
    add_method(vm, &ty, "__repr__", |vm, args| {
        let v = this(&args);
        let Some(c) = code_of(&v) else {
            return Ok(vm.new_str("<code>"));
        };
        let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
        let s = format!(
            "<code object {} at {id:#x}, file \"{}\", line {}>",
            c.code.name, c.code.filename, c.code.firstlineno
        );
        Ok(vm.new_str(s))
    });
}
