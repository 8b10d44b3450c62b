//! Code objects at run time (CPython's `Objects/codeobject.c`): the compiler's
//! `CodeObject` plus what the eval loop wants ready: constants as values, names as
//! interned strs, the parsed exception table and per-instruction positions. Code is
//! loaded from the compiler's output (`load_code`) or made from Python values
//! (`new_code`: `marshal` data, `CodeType(...)`, `code.replace`).

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::OnceCell;
use std::rc::Rc;

use krait_bytecode::opcode_table::{CMP_EQ, CMP_NE};
use krait_bytecode::tables::{self, ExceptionEntry, Position};
use krait_bytecode::{CodeFlags, CodeObject, Constant, LocalKind, Opcode};

use crate::abstract_;
use crate::object::{ObjRef, Payload, PyObject};
use crate::signature::Signature;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};

pub struct CodeData {
    pub code: Rc<CodeObject>,
    pub names: Vec<ObjRef>,
    pub localsplus_names: Vec<ObjRef>,
    /// `co_filename`, `co_name` and `co_qualname` as str objects, shared as CPython
    /// shares them (which `marshal` shows): one filename for all the code of a
    /// compilation, interned names, a qualname that is the name when they are equal.
    pub filename: ObjRef,
    pub name: ObjRef,
    pub qualname: ObjRef,
    pub tables: CodeTables,
    /// `co_exceptiontable` parsed when first needed (read with `exception_table()`).
    exception_table: OnceCell<Vec<ExceptionEntry>>,
    positions: OnceCell<Vec<Position>>,
    /// `co_code` decoded when the code first runs, one entry per code unit: the eval
    /// loop reads the opcode, its full argument and where the next instruction
    /// starts from here (read with `instructions()`). Most functions of a module
    /// never run, so loading code decodes none of them.
    instructions: OnceCell<Vec<Instruction>>,
    /// The specialising loop's inline caches, made when an instruction first asks.
    pub caches: OnceCell<crate::specialize::InlineCaches>,
}

/// A decoded instruction, stored at the position of its first code unit (an
/// `EXTENDED_ARG` prefix, if any, so that jumps to the prefix work).
#[derive(Clone, Copy, Debug)]
pub struct Instruction {
    /// A byte that is not a 3.11 opcode reads as `EXTENDED_ARG`, which is
    /// otherwise folded into the instruction it prefixes: the loop finds no arm
    /// for either and looks at the byte itself (`unknown_opcode`). So the loop's
    /// dispatch needs no check of its own.
    pub opcode: krait_bytecode::Opcode,
    pub arg: u32,
    /// The code unit of the opcode itself (after any prefixes): `f_lasti / 2`.
    pub at: u32,
    /// The code unit after the instruction and its inline caches.
    pub next: u32,
}

/// Decodes code units into `Instruction`s (prefixes folded, caches skipped).
fn decode(code: &[u8]) -> Vec<Instruction> {
    instructions_of(code).collect()
}

/// The instruction starting at each code unit of `code`, in order.
fn instructions_of(code: &[u8]) -> impl Iterator<Item = Instruction> + '_ {
    let units = code.len() / 2;
    (0..units).map(move |start| {
        let mut pc = start;
        let mut arg: u32 = 0;
        loop {
            let byte = code[pc * 2];
            arg = (arg << 8) | code[pc * 2 + 1] as u32;
            let opcode = krait_bytecode::Opcode::from_u8(byte);
            if opcode == Some(krait_bytecode::Opcode::EXTENDED_ARG) && pc + 1 < units {
                pc += 1;
                continue;
            }
            let opcode = opcode.unwrap_or(krait_bytecode::Opcode::EXTENDED_ARG);
            let next = pc + 1 + opcode.cache_entries();
            return Instruction {
                opcode,
                arg,
                at: pc as u32,
                next: next as u32,
            };
        }
    })
}

impl CodeData {
    /// The decoded instructions, one per code unit.
    #[inline]
    pub fn instructions(&self) -> &[Instruction] {
        self.instructions.get_or_init(|| decode(&self.code.code))
    }

    /// The exception table's entries.
    pub fn exception_table(&self) -> &[ExceptionEntry] {
        self.exception_table.get_or_init(|| {
            tables::parse_exception_table(&self.code.exceptiontable).unwrap_or_default()
        })
    }

    /// The constants (`co_consts`' items).
    #[inline]
    pub fn consts(&self) -> &[Value] {
        tuple_of(&self.tables.consts).unwrap_or_default()
    }

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
    /// The code unit of the first `RESUME`: what runs before it (making cells,
    /// copying free variables, making a generator) is not traced (CPython's
    /// `_co_firsttraceable`).
    pub fn first_traceable(&self) -> usize {
        let instructions = self.instructions();
        instructions
            .iter()
            .position(|i| i.opcode == krait_bytecode::Opcode::RESUME)
            .unwrap_or(instructions.len())
    }

    pub fn line_at(&self, index: usize) -> Option<u32> {
        self.position(index).line
    }

    /// The exception handler covering code unit `index`.
    pub fn handler_for(&self, index: usize) -> Option<ExceptionEntry> {
        let i = index as u32;
        self.exception_table()
            .iter()
            .find(|e| e.start <= i && i < e.end)
            .copied()
    }

    pub fn cell_kind(&self, index: usize) -> u8 {
        self.code.localspluskinds.get(index).copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// Loading the compiler's code

/// The names CPython's compiler gives code that has none of its own: statically
/// allocated strs there, one object each, never interned.
const ANONYMOUS_NAMES: [&str; 6] = [
    "<module>",
    "<lambda>",
    "<genexpr>",
    "<listcomp>",
    "<setcomp>",
    "<dictcomp>",
];

/// `all_name_chars`: str constants made only of ASCII letters, digits and `_` are
/// interned when code is made.
pub(crate) fn all_name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

pub(crate) fn new_str_obj(vm: &mut Vm, text: &str) -> ObjRef {
    match vm.new_str(text) {
        Value::Obj(s) => s,
        _ => vm.intern(text),
    }
}

/// Turns the code of one compilation into run-time form (`filename` names the
/// source; a str of its text is made when `None`).
pub fn load_code_named(
    vm: &mut Vm,
    code: Rc<CodeObject>,
    filename: Option<ObjRef>,
) -> PyResult<Rc<CodeData>> {
    let filename = match filename {
        Some(f) => f,
        None => new_str_obj(vm, &code.filename),
    };
    let mut loader = CodeLoader {
        filename,
        constants: FxHashMap::default(),
        root: code.clone(),
        identifiers: None,
        frozensets: Vec::new(),
        frozenset_orders: Vec::new(),
        interned_here: FxHashSet::default(),
    };
    loader.load(vm, code)
}

/// Turns a compiled code object into run-time form.
pub fn load_code(vm: &mut Vm, code: Rc<CodeObject>) -> PyResult<Rc<CodeData>> {
    load_code_named(vm, code, None)
}

/// Loads the code objects of one compilation as CPython's compiler leaves them:
/// equal constants are one object wherever they appear (`merge_consts_recursive`),
/// identifier-like str constants are interned, and all the code shares one
/// filename object.
struct CodeLoader {
    filename: ObjRef,
    constants: FxHashMap<Constant, Value>,
    /// The compilation's outermost code, and the identifiers in all of its code
    /// (gathered when a frozenset constant first asks).
    root: Rc<CodeObject>,
    identifiers: Option<FxHashSet<Rc<str>>>,
    /// The shared frozenset constants by their items: the compiler's constant key
    /// of a frozenset is itself a set, so equal sets written in another order are
    /// one object too (the first one made).
    frozensets: Vec<(Rc<[Constant]>, Value)>,
    /// The first order seen of each frozenset constant's items.
    frozenset_orders: Vec<Rc<[Constant]>>,
    /// The strs this loading interned first, which CPython interns in place (no
    /// swap) when it makes the code that holds them.
    interned_here: FxHashSet<Rc<str>>,
}

impl CodeLoader {
    fn load(&mut self, vm: &mut Vm, code: Rc<CodeObject>) -> PyResult<Rc<CodeData>> {
        // The compiler merges a code object's tuples and tables with the constants
        // too (`merge_const_one`), so equal ones are one object.
        let qualname_key = Constant::Str(code.qualname.clone());
        let qualname_is_new = !self.constants.contains_key(&qualname_key);
        let consts_key = Constant::Tuple(code.consts.iter().map(|c| self.canonical(c)).collect());
        let consts = self.constant(vm, &consts_key)?;
        let names = self.name_tuple(vm, &code.names);
        let localsplusnames = self.name_tuple(vm, &code.localsplusnames);
        let linetable = self.constant(vm, &Constant::Bytes(Rc::from(code.linetable.as_slice())))?;
        let exceptiontable = self.constant(
            vm,
            &Constant::Bytes(Rc::from(code.exceptiontable.as_slice())),
        )?;
        let name = self.code_name(vm, &code.name);
        let qualname = if code.qualname == code.name {
            name.clone()
        } else if qualname_is_new && Self::loads_own_qualname(&code) {
            // A class body stores its qualname in `__qualname__` from a constant:
            // the first such constant of a text is `co_qualname` itself (later
            // equal ones are merged into it, their `co_qualname` stays apart).
            self.constant(vm, &qualname_key)?
                .as_obj()
                .cloned()
                .unwrap_or_else(|| new_str_obj(vm, &code.qualname))
        } else {
            new_str_obj(vm, &code.qualname)
        };
        let objects = CodeObjects {
            tables: CodeTables {
                consts,
                names,
                localsplusnames,
                linetable,
                exceptiontable,
            },
            filename: self.filename.clone(),
            name,
            qualname,
        };
        CodeData::new(vm, code, objects, false)
    }

    /// Whether `code` is a class body, which loads its own qualname as its first
    /// constant (functions and modules are `OPTIMIZED` or named `<module>`).
    fn loads_own_qualname(code: &CodeObject) -> bool {
        let function = CodeFlags::OPTIMIZED | CodeFlags::NEWLOCALS;
        code.flags & function == 0
            && &*code.name != "<module>"
            && matches!(code.consts.first(), Some(Constant::Str(s)) if *s == code.qualname)
    }

    /// `constant` with each frozenset in it given the order of the first equal one
    /// met, so that constants equal as CPython's compiler compares them (a
    /// frozenset's key is a set) are one key.
    fn canonical(&mut self, constant: &Constant) -> Constant {
        match constant {
            Constant::FrozenSet(items) => {
                let known = self
                    .frozenset_orders
                    .iter()
                    .find(|seen| same_items(seen, items));
                match known {
                    Some(seen) => Constant::FrozenSet(seen.clone()),
                    None => {
                        self.frozenset_orders.push(items.clone());
                        constant.clone()
                    }
                }
            }
            Constant::Tuple(items)
                if items
                    .iter()
                    .any(|c| matches!(c, Constant::FrozenSet(_) | Constant::Tuple(_))) =>
            {
                Constant::Tuple(items.iter().map(|c| self.canonical(c)).collect())
            }
            _ => constant.clone(),
        }
    }

    /// `co_name` as CPython's compiler leaves it: an interned identifier, or one of
    /// the static anonymous names.
    fn code_name(&mut self, vm: &mut Vm, name: &Rc<str>) -> ObjRef {
        match ANONYMOUS_NAMES
            .iter()
            .find(|anonymous| **anonymous == &**name)
        {
            Some(anonymous) => vm.static_str(anonymous),
            None => self.intern(vm, name),
        }
    }

    /// The interned str of `text`, noting whether this loading interned it first.
    fn intern(&mut self, vm: &mut Vm, text: &Rc<str>) -> ObjRef {
        if !vm.is_interned_text(text) {
            self.interned_here.insert(text.clone());
        }
        vm.intern(text)
    }

    /// Whether a str of `text` was interned before this loading began.
    fn interned_before(&self, vm: &Vm, text: &str) -> bool {
        vm.is_interned_text(text) && !self.interned_here.contains(text)
    }

    /// A tuple of names, interned, shared with any equal tuple of the compilation.
    fn name_tuple(&mut self, vm: &mut Vm, names: &[Rc<str>]) -> Value {
        let key = Constant::Tuple(names.iter().map(|n| Constant::Str(n.clone())).collect());
        if let Some(tuple) = self.constants.get(&key) {
            return tuple.clone();
        }
        let items = names
            .iter()
            .map(|n| Value::Obj(self.intern(vm, n)))
            .collect();
        let tuple = vm.new_tuple(items);
        self.constants.insert(key, tuple.clone());
        tuple
    }

    fn constant(&mut self, vm: &mut Vm, constant: &Constant) -> PyResult<Value> {
        // Unboxed values have no identity to share, and interning shares names.
        match constant {
            Constant::None => return Ok(Value::None),
            Constant::Bool(b) => return Ok(Value::Bool(*b)),
            Constant::Int(n) => return Ok(Value::Int(*n)),
            Constant::Float(x) => return Ok(Value::Float(*x)),
            Constant::Str(s) if all_name_chars(s) || &**s == "*" => {
                return Ok(Value::Obj(self.intern(vm, s)))
            }
            _ => {}
        }
        if let Some(value) = self.constants.get(constant) {
            return Ok(value.clone());
        }
        let value = match constant {
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
            // `*` is the parser's interned identifier of `from m import *`.
            Constant::Str(s) if all_name_chars(s) || &**s == "*" => Value::Obj(self.intern(vm, s)),
            Constant::Str(s) => vm.new_str(s.to_string()),
            Constant::SurrogateStr(points) => {
                let mut text = crate::objects::str::StrBuf::with_capacity(points.len());
                for &point in points.iter() {
                    text.push_code_point(point);
                }
                vm.new_text(text)
            }
            Constant::Bytes(b) => vm.new_bytes(b.to_vec()),
            Constant::Tuple(items) => {
                let values = self.constants_of(vm, items)?;
                vm.new_tuple(values)
            }
            Constant::FrozenSet(items) => return self.frozenset(vm, items),
            Constant::Code(code) => {
                let data = self.load(vm, code.clone())?;
                Value::Obj(PyObject::new(vm.types.code.clone(), Payload::Code(data)))
            }
        };
        self.constants.insert(constant.clone(), value.clone());
        Ok(value)
    }

    /// A frozenset constant: the compilation's shared one of the same items, or a
    /// frozenset of its own when making the code object swaps one of its strs for
    /// an interned one (each code object then builds the set anew).
    fn frozenset(&mut self, vm: &mut Vm, items: &Rc<[Constant]>) -> PyResult<Value> {
        let interned_before = self.has_interned_item(vm, items);
        let rebuilt_per_code = interned_before || self.has_interned_char(vm, items);
        if !rebuilt_per_code {
            if let Some((_, set)) = self
                .frozensets
                .iter()
                .find(|(seen, _)| same_items(seen, items))
            {
                return Ok(set.clone());
            }
        }
        let values = self.constants_of(vm, items)?;
        let set = crate::objects::set::new_frozenset_constant(vm, values, interned_before)?;
        if !rebuilt_per_code {
            self.frozensets.push((items.clone(), set.clone()));
        }
        Ok(set)
    }

    /// Whether CPython's code creation would swap one of a frozenset's str items for
    /// an equal str interned before (`intern_string_constants`), which makes it build
    /// the set once more. Its parser interns every identifier of the source first.
    fn has_interned_item(&mut self, vm: &Vm, items: &[Constant]) -> bool {
        let root = &self.root;
        let interned_here_before =
            |s: &str| vm.is_interned_text(s) && !self.interned_here.contains(s);
        let identifiers = self.identifiers.get_or_insert_with(|| {
            let mut found = FxHashSet::default();
            gather_identifiers(root, &mut found);
            found
        });
        // An empty or one-character str is CPython's cached singleton, which is the
        // interned one already: nothing is swapped.
        items.iter().any(|item| match item {
            Constant::Str(s) => {
                s.len() > 1
                    && all_name_chars(s)
                    && (identifiers.contains(s) || interned_here_before(s))
            }
            _ => false,
        })
    }

    /// Whether a frozenset holds a one-character identifier-like str interned before
    /// the compilation: CPython's is one of its deep-frozen modules' strs, not the
    /// cached character the parser gives, so making code swaps it in.
    fn has_interned_char(&self, vm: &Vm, items: &[Constant]) -> bool {
        items.iter().any(|item| match item {
            Constant::Str(s) => s.len() == 1 && all_name_chars(s) && self.interned_before(vm, s),
            _ => false,
        })
    }

    fn constants_of(&mut self, vm: &mut Vm, items: &[Constant]) -> PyResult<Vec<Value>> {
        items.iter().map(|c| self.constant(vm, c)).collect()
    }
}

/// Whether two frozenset constants have the same (distinct) items in any order.
fn same_items(a: &[Constant], b: &[Constant]) -> bool {
    a.len() == b.len() && a.iter().all(|item| b.contains(item))
}

/// The names of `code` and of the code nested in it.
fn gather_identifiers(code: &CodeObject, found: &mut FxHashSet<Rc<str>>) {
    found.extend(code.names.iter().cloned());
    found.extend(code.localsplusnames.iter().cloned());
    found.insert(code.name.clone());
    for constant in &code.consts {
        if let Constant::Code(inner) = constant {
            gather_identifiers(inner, found);
        }
    }
}

/// The tuples and tables of a code object as the objects it holds (`co_consts`,
/// `co_names`, `co_localsplusnames`, `co_linetable`, `co_exceptiontable`):
/// CPython's compiler makes equal ones one object across a compilation, and
/// `marshal` writes such a shared one once.
pub struct CodeTables {
    /// `co_consts`: the compiler's constants (`code.consts`) as values; code made
    /// from Python values has its constants only here. Read with `consts()`.
    pub consts: Value,
    pub names: Value,
    pub localsplusnames: Value,
    pub linetable: Value,
    pub exceptiontable: Value,
}

/// The parts of a code object that are Python objects.
pub(crate) struct CodeObjects {
    pub(crate) tables: CodeTables,
    pub(crate) filename: ObjRef,
    pub(crate) name: ObjRef,
    pub(crate) qualname: ObjRef,
}

/// The str objects of a tuple of names.
pub(crate) fn name_objects(names: &Value) -> Vec<ObjRef> {
    tuple_of(names)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_obj().cloned())
        .collect()
}

/// The most value-stack slots a frame may need (a 1 GiB buffer).
const MAX_FRAME_SLOTS: usize = 1 << 26;

impl CodeData {
    /// Puts a code object together. Code from elsewhere than Krait's own compiler
    /// (`validate`: marshal data, `CodeType(...)`) is checked at once for what the
    /// eval loop relies on; the compiler's is decoded when it first runs.
    pub(crate) fn new(
        vm: &mut Vm,
        mut code: Rc<CodeObject>,
        mut objects: CodeObjects,
        validate: bool,
    ) -> PyResult<Rc<CodeData>> {
        if vm.config.no_debug_ranges {
            let linetable = tables::remove_column_info(&code.linetable);
            objects.tables.linetable = vm.new_bytes(linetable.clone());
            Rc::make_mut(&mut code).linetable = linetable;
        }
        if !code.code.len().is_multiple_of(2) {
            return Err(vm.new_value_error("code: co_code is malformed".to_owned()));
        }
        if code.localsplusnames.len() != code.localspluskinds.len() {
            return Err(bad_internal_call(vm));
        }
        // A frame needs its locals and its deepest stack in one buffer: one no
        // machine could hold is a MemoryError when the code is made (CPython
        // raises it at the first call).
        if code.stacksize as usize + code.localsplusnames.len() > MAX_FRAME_SLOTS {
            return Err(vm.new_error(crate::Exc::MemoryError, ""));
        }
        let exception_table = OnceCell::new();
        let instructions = OnceCell::new();
        if validate {
            let entries = tables::parse_exception_table(&code.exceptiontable)
                .ok_or_else(|| vm.new_value_error("code: malformed exception table".to_owned()))?;
            let nconsts = tuple_of(&objects.tables.consts).unwrap_or_default().len();
            check_operands(&code, nconsts).map_err(|message| vm.new_value_error(message))?;
            let decoded = decode(&code.code);
            super::code_verify::check_stack(&decoded, &entries)
                .map_err(|message| vm.new_value_error(message))?;
            let _ = exception_table.set(entries);
            let _ = instructions.set(decoded);
        }
        Ok(Rc::new(CodeData {
            code,
            names: name_objects(&objects.tables.names),
            localsplus_names: name_objects(&objects.tables.localsplusnames),
            tables: objects.tables,
            filename: objects.filename,
            name: objects.name,
            qualname: objects.qualname,
            exception_table,
            positions: OnceCell::new(),
            caches: OnceCell::new(),
            instructions,
        }))
    }
}

/// Checks that each instruction's operand indexes what it names (constants, names,
/// local slots), so that code made from marshal data or `CodeType(...)` cannot make
/// the eval loop read outside its tables. CPython trusts such code; a wrong operand
/// there reads garbage.
///
/// A jump may land on any code unit, so every unit is checked as the start of an
/// instruction, in one pass: the largest argument an opcode can be given is the
/// one its whole run of `EXTENDED_ARG` prefixes makes (starting inside the run
/// keeps only low bytes), and each check grows with the argument. The same pass
/// refuses a yield in code that is no generator or coroutine.
fn check_operands(code: &CodeObject, nconsts: usize) -> Result<(), String> {
    let operands: &[Operand; 256] = &OPERAND_BY_BYTE;
    let limit_of = |operand: Operand| match operand {
        Operand::Const => nconsts,
        Operand::Name | Operand::GlobalName => code.names.len(),
        Operand::Local => code.localsplusnames.len(),
        Operand::FreeVarCount => code.localsplusnames.len() + 1,
        Operand::Prefix | Operand::Other => usize::MAX,
    };
    let units = code.code.len() / 2;
    // A yield outside a generator would hand its value to the caller's frame as
    // if returned, with the frame left running (undefined in CPython).
    let suspends = CodeFlags::GENERATOR
        | CodeFlags::COROUTINE
        | CodeFlags::ITERABLE_COROUTINE
        | CodeFlags::ASYNC_GENERATOR;
    let mut prefix: u32 = 0;
    for (i, unit) in code.code.chunks_exact(2).enumerate() {
        if unit[0] == Opcode::YIELD_VALUE as u8 && code.flags & suspends == 0 {
            return Err("code: YIELD_VALUE outside a generator".to_owned());
        }
        let arg = (prefix << 8) | u32::from(unit[1]);
        let operand = operands[usize::from(unit[0])];
        prefix = 0;
        let index = match operand {
            Operand::Other => continue,
            Operand::Prefix if i + 1 < units => {
                prefix = arg;
                continue;
            }
            Operand::Prefix => continue,
            Operand::GlobalName => arg as usize >> 1,
            _ => arg as usize,
        };
        if index >= limit_of(operand) {
            let name = Opcode::from_u8(unit[0]).map_or("?", Opcode::name);
            return Err(format!("code: {name} operand {arg} is out of range"));
        }
    }
    Ok(())
}

/// What an instruction's argument indexes, which `check_operands` bounds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operand {
    /// Nothing to check (or a byte that is no opcode).
    Other,
    /// `EXTENDED_ARG`: the high bytes of the next argument.
    Prefix,
    Const,
    Name,
    /// `LOAD_GLOBAL`'s name index, shifted left by one.
    GlobalName,
    Local,
    /// `COPY_FREE_VARS`: a count of free variables, at most all of the locals.
    FreeVarCount,
}

/// The operand kind of each opcode byte, specialised forms as their base.
static OPERAND_BY_BYTE: std::sync::LazyLock<[Operand; 256]> = std::sync::LazyLock::new(|| {
    use Opcode::*;
    std::array::from_fn(|byte| {
        let Some(opcode) = Opcode::from_u8(byte as u8) else {
            return Operand::Other;
        };
        match opcode.base() {
            EXTENDED_ARG => Operand::Prefix,
            LOAD_CONST | KW_NAMES => Operand::Const,
            LOAD_GLOBAL => Operand::GlobalName,
            LOAD_NAME | STORE_NAME | DELETE_NAME | LOAD_ATTR | STORE_ATTR | DELETE_ATTR
            | STORE_GLOBAL | DELETE_GLOBAL | LOAD_METHOD | IMPORT_NAME | IMPORT_FROM => {
                Operand::Name
            }
            LOAD_FAST | STORE_FAST | DELETE_FAST | LOAD_CLOSURE | LOAD_DEREF | STORE_DEREF
            | DELETE_DEREF | LOAD_CLASSDEREF | MAKE_CELL => Operand::Local,
            COPY_FREE_VARS => Operand::FreeVarCount,
            _ => Operand::Other,
        }
    })
});

/// `PyErr_BadInternalCall()` from `_PyCode_Validate`, worded as CPython's.
pub(crate) fn bad_internal_call(vm: &mut Vm) -> crate::PyErr {
    vm.new_error(
        Exc::SystemError,
        "../Objects/codeobject.c:250: bad argument to internal function",
    )
}

/// The items of a tuple value.
pub(crate) fn tuple_of(v: &Value) -> Option<&[Value]> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Tuple(items) => Some(items),
            _ => None,
        },
        _ => None,
    }
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
// The code type: constructor, `replace`, comparison, attributes (`co_*`)

use crate::objects::{add_getset, add_method_sig, add_new};
use crate::signature::given;
use crate::slots::NativeSlot;

/// `code._varname_from_oparg(oparg)`: the local, cell or free variable an
/// instruction's argument names (`dis` uses it).
static VARNAME_FROM_OPARG: Signature =
    Signature::of("code", "_varname_from_oparg", "($self, /, oparg)");

pub(crate) fn code_of(v: &Value) -> Option<&Rc<CodeData>> {
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

/// The localsplus names whose kind has one of the bits of `mask`, as a tuple.
pub(crate) fn names_with_kind(vm: &mut Vm, c: &CodeData, mask: u8) -> Value {
    let items = c
        .localsplus_names
        .iter()
        .zip(&c.code.localspluskinds)
        .filter(|(_, kind)| **kind & mask != 0)
        .map(|(name, _)| Value::Obj(name.clone()))
        .collect();
    vm.new_tuple(items)
}

/// Whether two constants are the same for code comparison: equal values of the
/// same type, with `0.0` and `-0.0` (and the complex zeros) told apart
/// (`_PyCode_ConstantKey`); objects of other types only when identical.
fn same_constant(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    fn negative_zero(x: f64) -> bool {
        x == 0.0 && x.is_sign_negative()
    }
    fn same_float(x: f64, y: f64) -> bool {
        x.to_bits() == y.to_bits() || (x == y && negative_zero(x) == negative_zero(y))
    }
    fn exact(vm: &Vm, v: &Value, ty: &ObjRef) -> bool {
        match v {
            Value::Int(_) => Rc::ptr_eq(ty, &vm.types.int),
            Value::Obj(o) => Rc::ptr_eq(&o.class(), ty),
            _ => false,
        }
    }
    match (a, b) {
        (Value::None, Value::None) => return Ok(true),
        (Value::Bool(x), Value::Bool(y)) => return Ok(x == y),
        (Value::Float(x), Value::Float(y)) => return Ok(same_float(*x, *y)),
        _ => {}
    }
    if a.is(b) {
        return Ok(true);
    }
    let (int, str_, bytes, complex, tuple, frozenset) = (
        vm.types.int.clone(),
        vm.types.str.clone(),
        vm.types.bytes.clone(),
        vm.types.complex.clone(),
        vm.types.tuple.clone(),
        vm.types.frozenset.clone(),
    );
    for ty in [&int, &str_, &bytes] {
        if exact(vm, a, ty) && exact(vm, b, ty) {
            return abstract_::rich_eq_bool(vm, a, b);
        }
    }
    if let (Some(x), Some(y)) = (code_of(a).cloned(), code_of(b).cloned()) {
        return codes_equal(vm, &x, &y);
    }
    if exact(vm, a, &complex) && exact(vm, b, &complex) {
        let parts = |v: &Value| match v {
            Value::Obj(o) => match o.payload {
                Payload::Complex(re, im) => (re, im),
                _ => (f64::NAN, f64::NAN),
            },
            _ => (f64::NAN, f64::NAN),
        };
        let ((ar, ai), (br, bi)) = (parts(a), parts(b));
        return Ok(same_float(ar, br) && same_float(ai, bi));
    }
    if exact(vm, a, &tuple) && exact(vm, b, &tuple) {
        let (x, y) = (
            tuple_of(a).unwrap_or_default().to_vec(),
            tuple_of(b).unwrap_or_default().to_vec(),
        );
        return same_constants(vm, &x, &y);
    }
    if exact(vm, a, &frozenset) && exact(vm, b, &frozenset) {
        let x = crate::objects::set::set_items(a).unwrap_or_default();
        let y = crate::objects::set::set_items(b).unwrap_or_default();
        if x.len() != y.len() {
            return Ok(false);
        }
        for item in &x {
            let mut found = false;
            for other in &y {
                if same_constant(vm, item, other)? {
                    found = true;
                    break;
                }
            }
            if !found {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    Ok(false)
}

fn same_constants(vm: &mut Vm, a: &[Value], b: &[Value]) -> PyResult<bool> {
    if a.len() != b.len() {
        return Ok(false);
    }
    for (x, y) in a.iter().zip(b) {
        if !same_constant(vm, x, y)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The code units of `code` with inline caches blanked, as `code_richcompare`
/// compares them.
fn units_without_caches(code: &[u8]) -> Vec<u8> {
    let mut out = code.to_vec();
    let mut unit = 0;
    while unit * 2 < out.len() {
        let caches = Opcode::from_u8(out[unit * 2]).map_or(0, |op| op.base().cache_entries());
        for cache in unit + 1..=unit + caches {
            if let Some(pair) = out.get_mut(cache * 2..cache * 2 + 2) {
                pair.fill(0);
            }
        }
        unit += 1 + caches;
    }
    out
}

/// `code_richcompare`'s equality.
fn codes_equal(vm: &mut Vm, a: &CodeData, b: &CodeData) -> PyResult<bool> {
    let (x, y) = (&a.code, &b.code);
    let same_fields = abstract_::obj_as_str(&a.name) == abstract_::obj_as_str(&b.name)
        && x.argcount == y.argcount
        && x.posonlyargcount == y.posonlyargcount
        && x.kwonlyargcount == y.kwonlyargcount
        && x.flags == y.flags
        && x.firstlineno == y.firstlineno
        && units_without_caches(&x.code) == units_without_caches(&y.code);
    if !same_fields || !same_constants(vm, a.consts(), b.consts())? {
        return Ok(false);
    }
    Ok(x.names == y.names
        && x.localsplusnames == y.localsplusnames
        && x.linetable == y.linetable
        && x.exceptiontable == y.exceptiontable)
}

fn code_richcompare(vm: &mut Vm, a: &Value, b: &Value, op: usize) -> PyResult<Value> {
    let (Some(x), Some(y)) = (code_of(a).cloned(), code_of(b).cloned()) else {
        return Ok(vm.not_implemented());
    };
    if op != CMP_EQ && op != CMP_NE {
        return Ok(vm.not_implemented());
    }
    let equal = codes_equal(vm, &x, &y)?;
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

/// `code_hash`: the hashes of the name, constants, names and tables, and the
/// counts, combined.
fn code_hash(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let Some(c) = code_of(v).cloned() else {
        return Ok(0);
    };
    let t = &c.tables;
    let mut h = abstract_::hash(vm, &Value::Obj(c.name.clone()))?;
    for part in [
        &t.consts,
        &t.names,
        &t.localsplusnames,
        &t.linetable,
        &t.exceptiontable,
    ] {
        h ^= abstract_::hash(vm, part)?;
    }
    let code = &c.code;
    for count in [
        code.argcount,
        code.posonlyargcount,
        code.kwonlyargcount,
        code.flags,
    ] {
        h ^= i64::from(count as i32);
    }
    Ok(if h == -1 { -2 } else { h })
}

static CO_POSITIONS: Signature = Signature::unlisted("code", "co_positions", "($self, /)");
static CO_LINES: Signature = Signature::unlisted("code", "co_lines", "($self, /)");

pub fn init(vm: &mut Vm) {
    let ty = vm.types.code.clone();
    add_new(vm, &ty, crate::objects::code_new::code_new);
    add_method_sig(
        vm,
        &ty,
        &crate::objects::code_new::REPLACE,
        crate::objects::code_new::code_replace,
    );
    crate::native::add_slot(vm, &ty, NativeSlot::RichCompare(code_richcompare));
    crate::native::add_slot(vm, &ty, NativeSlot::Hash(code_hash));
    code_attr!(vm, &ty, "co_code", |vm, c| vm
        .new_bytes(c.code.code.clone()));
    code_attr!(vm, &ty, "_co_code_adaptive", |vm, c| vm
        .new_bytes(c.code.code.clone()));
    code_attr!(vm, &ty, "co_consts", |_vm, c| c.tables.consts.clone());
    code_attr!(vm, &ty, "co_names", |_vm, c| c.tables.names.clone());
    code_attr!(vm, &ty, "co_varnames", |vm, c| names_with_kind(
        vm,
        &c,
        LocalKind::LOCAL
    ));
    code_attr!(vm, &ty, "co_cellvars", |vm, c| names_with_kind(
        vm,
        &c,
        LocalKind::CELL
    ));
    code_attr!(vm, &ty, "co_freevars", |vm, c| names_with_kind(
        vm,
        &c,
        LocalKind::FREE
    ));
    code_attr!(vm, &ty, "co_localsplusnames", |_vm, c| c
        .tables
        .localsplusnames
        .clone());
    code_attr!(vm, &ty, "co_localspluskinds", |vm, c| vm
        .new_bytes(c.code.localspluskinds.clone()));
    code_attr!(vm, &ty, "co_argcount", |_vm, c| Value::Int(
        c.code.argcount.into()
    ));
    code_attr!(vm, &ty, "co_posonlyargcount", |_vm, c| Value::Int(
        c.code.posonlyargcount.into()
    ));
    code_attr!(vm, &ty, "co_kwonlyargcount", |_vm, c| Value::Int(
        c.code.kwonlyargcount.into()
    ));
    code_attr!(vm, &ty, "co_nlocals", |_vm, c| Value::Int(
        c.code.nlocals() as i64
    ));
    code_attr!(vm, &ty, "co_stacksize", |_vm, c| Value::Int(
        c.code.stacksize.into()
    ));
    code_attr!(vm, &ty, "co_flags", |_vm, c| Value::Int(
        c.code.flags.into()
    ));
    code_attr!(vm, &ty, "co_firstlineno", |_vm, c| Value::Int(
        (c.code.firstlineno as i32).into()
    ));
    code_attr!(vm, &ty, "co_filename", |_vm, c| Value::Obj(
        c.filename.clone()
    ));
    code_attr!(vm, &ty, "co_name", |_vm, c| Value::Obj(c.name.clone()));
    code_attr!(vm, &ty, "co_qualname", |_vm, c| Value::Obj(
        c.qualname.clone()
    ));
    code_attr!(vm, &ty, "co_linetable", |_vm, c| c.tables.linetable.clone());
    code_attr!(vm, &ty, "co_exceptiontable", |_vm, c| c
        .tables
        .exceptiontable
        .clone());
    code_attr!(vm, &ty, "co_lnotab", |vm, _c| vm.new_bytes(Vec::new()));
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
    add_method_sig(vm, &ty, &CO_POSITIONS, |vm, args| {
        let (me, []) = CO_POSITIONS.bind(vm, args)?;
        let me = given(me);
        let Some(c) = code_of(&me).cloned() else {
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
    add_method_sig(vm, &ty, &CO_LINES, |vm, args| {
        let (me, []) = CO_LINES.bind(vm, args)?;
        let me = given(me);
        let Some(c) = code_of(&me).cloned() else {
            return Ok(Value::None);
        };
        // One range per entry of the location table, as CPython's iterator walks it.
        let n = c.code.code.len() / 2;
        let entries = tables::decode_entries(&c.code.linetable, c.code.firstlineno, n);
        let mut out: Vec<Value> = Vec::new();
        let mut start = 0;
        for (length, position) in entries {
            let end = start + length;
            let l = position
                .line
                .map(|v| Value::Int(v as i64))
                .unwrap_or(Value::None);
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
    crate::native::add_slot(
        vm,
        &ty,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let Some(c) = code_of(v) else {
                return Ok(vm.new_str("<code>"));
            };
            let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
            let s = format!(
                "<code object {} at {id:#x}, file \"{}\", line {}>",
                c.code.name, c.code.filename, c.code.firstlineno
            );
            Ok(vm.new_str(s))
        }),
    );
}
