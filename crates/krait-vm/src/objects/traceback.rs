//! Frame objects and traceback objects (CPython's `Objects/frameobject.c`,
//! `Python/traceback.c`): the Python-visible views of frames, made on demand.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::code::CodeData;
use crate::objects::{add_getset, add_method_sig};
use crate::signature::{given, Signature};
use crate::value::Value;
use crate::Vm;

pub struct FrameData {
    pub code: Rc<CodeData>,
    pub globals: ObjRef,
    pub builtins: ObjRef,
    pub lasti: usize,
    pub back: Option<ObjRef>,
    /// Locals captured when the frame finished (live frames read the value stack):
    /// its locals mapping, or the dict made from `kept_slots` on first read.
    pub locals: Option<Value>,
    /// A function frame's local slots as they were when it finished or suspended,
    /// kept as they are (a dict of them is made only if `f_locals` is read).
    pub kept_slots: Option<Box<[Option<Value>]>>,
    /// `f_locals` of a live function frame once read: one dict, refreshed on each
    /// read and written back after a trace hook runs (`trace.rs`).
    pub locals_dict: Option<ObjRef>,
    /// `f_trace`: the frame's own trace function.
    pub trace: Option<Value>,
    pub trace_lines: bool,
    pub trace_opcodes: bool,
    /// The line a trace hook running for the frame sees as `f_lineno` (0: none).
    pub lineno: i32,
    /// `f_code`: the function's own code object, or one made on first read.
    pub code_object: Option<ObjRef>,
}

impl FrameData {
    pub fn new(
        code: Rc<CodeData>,
        globals: ObjRef,
        builtins: ObjRef,
        lasti: usize,
        back: Option<ObjRef>,
    ) -> FrameData {
        FrameData {
            code,
            globals,
            builtins,
            lasti,
            back,
            locals: None,
            kept_slots: None,
            locals_dict: None,
            trace: None,
            trace_lines: true,
            trace_opcodes: false,
            lineno: 0,
            code_object: None,
        }
    }
}

pub struct TracebackData {
    pub next: RefCell<Option<ObjRef>>,
    pub frame: ObjRef,
    pub lasti: usize,
    /// `tb_lasti` and `tb_lineno` as `types.TracebackType(...)` was given them;
    /// `None` for a traceback the interpreter made, which reads them from `lasti`.
    /// (Boxed: seldom set, and it would set the size of every object's payload.)
    pub given: Option<Box<(i64, i64)>>,
}

static TRACEBACK_NEW: Signature = Signature::new(
    "TracebackType",
    "($type, tb_next, tb_frame, tb_lasti, tb_lineno)",
)
.not_listed();

/// `types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno)`.
fn traceback_new(vm: &mut Vm, args: crate::objects::function::Args) -> crate::PyResult<Value> {
    let (_, [next, frame, lasti, lineno]) = TRACEBACK_NEW.bind(vm, args)?;
    let next = match given(next) {
        Value::None => None,
        Value::Obj(o) if matches!(o.payload, Payload::Traceback(_)) => Some(o),
        other => {
            return Err(vm.new_type_error(format!(
                "expected traceback object or None, got '{}'",
                vm.type_name_of(&other)
            )))
        }
    };
    let frame = match given(frame) {
        Value::Obj(o) if matches!(o.payload, Payload::Frame(_)) => o,
        other => {
            return Err(vm.new_type_error(format!(
                "TracebackType() argument 'tb_frame' must be frame, not {}",
                vm.type_name_of(&other)
            )))
        }
    };
    let lasti = crate::abstract_::index_isize(vm, &given(lasti))? as i64;
    let lineno = crate::abstract_::index_isize(vm, &given(lineno))? as i64;
    let data = TracebackData {
        next: RefCell::new(next),
        frame,
        lasti: usize::try_from(lasti / 2).unwrap_or(0),
        given: Some(Box::new((lasti, lineno))),
    };
    Ok(Value::Obj(PyObject::new(
        vm.types.traceback.clone(),
        Payload::Traceback(data),
    )))
}

pub fn new_frame_object(vm: &mut Vm, depth: usize, back: Option<ObjRef>) -> ObjRef {
    let f = &vm.frames[depth];
    let mut data = FrameData::new(
        f.code.clone(),
        f.globals.clone(),
        f.builtins.clone(),
        f.lasti(),
        back,
    );
    data.code_object = f.function_code_object();
    PyObject::new(
        vm.types.frame.clone(),
        Payload::Frame(Box::new(RefCell::new(data))),
    )
}

pub fn update_frame_object(obj: &ObjRef, lasti: usize) {
    if let Payload::Frame(f) = &obj.payload {
        f.borrow_mut().lasti = lasti;
    }
}

pub fn frame_data(v: &Value) -> Option<&RefCell<FrameData>> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Frame(f) => Some(f),
            _ => None,
        },
        _ => None,
    }
}

pub fn traceback_data(v: &Value) -> Option<&TracebackData> {
    match v {
        Value::Obj(o) => match &o.payload {
            Payload::Traceback(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// Where the frame of a frame object runs in `Vm::frames`, if it still does.
pub(crate) fn live_depth(vm: &Vm, frame_obj: &Value) -> Option<usize> {
    vm.frames.iter().rposition(
        |f| matches!((&f.frame_object, frame_obj), (Some(a), Value::Obj(b)) if Rc::ptr_eq(a, b)),
    )
}

/// `f_locals`: of a running frame, its dict refreshed from the value stack.
fn frame_locals(vm: &mut Vm, frame_obj: &Value) -> crate::PyResult<Value> {
    if let (Some(depth), Value::Obj(obj)) = (live_depth(vm, frame_obj), frame_obj) {
        return vm.frame_locals_dict(depth, obj);
    }
    let Some(data) = frame_data(frame_obj) else {
        return Ok(Value::Obj(vm.new_dict()));
    };
    // The slots a finished or suspended frame left become a dict once, on first read.
    let kept = {
        let mut f = data.borrow_mut();
        let slots = f.kept_slots.take();
        slots.map(|slots| bound_locals(&f.code, &slots))
    };
    if let Some(bound) = kept {
        let locals = vm.locals_dict(bound);
        data.borrow_mut().locals = Some(locals);
    }
    Ok(data
        .borrow()
        .locals
        .clone()
        .unwrap_or_else(|| Value::Obj(vm.new_dict())))
}

impl Vm {
    /// The running frame is done (returned or unwound) or suspended at `lasti`:
    /// its frame object, if one was made, keeps where it stopped and its local
    /// slots (or its locals mapping), as CPython's frame object takes them over.
    #[inline(always)]
    pub(crate) fn record_frame_end(&mut self, lasti: usize) {
        if self.frames.last().is_some_and(|f| f.frame_object.is_some()) {
            self.keep_frame_state(lasti);
        }
    }

    #[inline(never)]
    fn keep_frame_state(&mut self, lasti: usize) {
        let depth = self.frames.len() - 1;
        let frame = &self.frames[depth];
        let Some(obj) = frame.frame_object.clone() else {
            return;
        };
        update_frame_object(&obj, lasti);
        let (locals, slots) = match &frame.locals {
            Some(mapping) => (Some(mapping.clone()), None),
            None => {
                let start = frame.base.min(self.stack.len());
                let end = (frame.base + frame.code.nlocalsplus()).min(self.stack.len());
                (None, Some(self.stack[start..end].into()))
            }
        };
        if let Payload::Frame(f) = &obj.payload {
            let mut f = f.borrow_mut();
            f.locals = locals;
            f.kept_slots = slots;
        }
    }

    /// `locals()` of the frame at `depth`: its mapping, or a dict of its fast locals.
    pub fn locals_of_frame(&mut self, depth: usize) -> Value {
        let frame = &self.frames[depth];
        if let Some(locals) = &frame.locals {
            return locals.clone();
        }
        let code = frame.code.clone();
        let base = frame.base;
        let slots = &self.stack[base.min(self.stack.len())..];
        let bound = bound_locals(&code, slots);
        self.locals_dict(bound)
    }

    /// A dict of the names and values `bound_locals` found.
    pub(crate) fn locals_dict(&mut self, bound: Vec<(Rc<str>, Value)>) -> Value {
        let d = self.new_dict();
        for (name, value) in bound {
            crate::objects::dict::dict_set_str(self, &d, &name, value);
        }
        Value::Obj(d)
    }
}

/// The fast locals of a frame running `code` whose local slots are `slots` that
/// hold a value: cells read through, a class body's free variables left out.
pub(crate) fn bound_locals(code: &CodeData, slots: &[Option<Value>]) -> Vec<(Rc<str>, Value)> {
    let mut bound = Vec::new();
    for (i, name) in code.code.localsplusnames.iter().enumerate() {
        let kind = code.cell_kind(i);
        let mut value = slots.get(i).cloned().flatten();
        if kind & (krait_bytecode::LocalKind::CELL | krait_bytecode::LocalKind::FREE) != 0 {
            value = match &value {
                Some(Value::Obj(c)) => match &c.payload {
                    Payload::Cell(cell) => cell.borrow().clone(),
                    _ => value.clone(),
                },
                _ => value,
            };
            // A free variable of a class body is not a local.
            if kind & krait_bytecode::LocalKind::FREE != 0
                && code.code.flags & krait_bytecode::CodeFlags::OPTIMIZED == 0
            {
                continue;
            }
        }
        if let Some(v) = value {
            bound.push((name.clone(), v));
        }
    }
    bound
}

static FRAME_CLEAR: Signature = Signature::unlisted("frame", "clear", "($self, /)");

pub fn init(vm: &mut Vm) {
    let frame = vm.types.frame.clone();
    add_getset(
        vm,
        &frame,
        "f_code",
        |vm, v| {
            let Some(f) = frame_data(v) else {
                return Ok(Value::None);
            };
            if let Some(code) = &f.borrow().code_object {
                return Ok(Value::Obj(code.clone()));
            }
            let code = f.borrow().code.clone();
            let code = PyObject::new(vm.types.code.clone(), Payload::Code(code));
            f.borrow_mut().code_object = Some(code.clone());
            Ok(Value::Obj(code))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_globals",
        |_, v| {
            Ok(frame_data(v)
                .map(|f| Value::Obj(f.borrow().globals.clone()))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_builtins",
        |_, v| {
            Ok(frame_data(v)
                .map(|f| Value::Obj(f.borrow().builtins.clone()))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_back",
        |vm, v| {
            if let Some(depth) = live_depth(vm, v) {
                return Ok(match depth {
                    0 => Value::None,
                    _ => Value::Obj(vm.frame_object_at(depth - 1)),
                });
            }
            Ok(frame_data(v)
                .and_then(|f| f.borrow().back.clone())
                .map(Value::Obj)
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_lasti",
        |_, v| {
            Ok(Value::Int(
                frame_data(v)
                    .map(|f| f.borrow().lasti as i64 * 2)
                    .unwrap_or(-1),
            ))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_lineno",
        |vm, v| {
            let live = live_depth(vm, v).map(|depth| vm.frames[depth].lasti());
            let Some(f) = frame_data(v) else {
                return Ok(Value::None);
            };
            let f = f.borrow();
            if f.lineno > 0 {
                return Ok(Value::Int(f.lineno as i64));
            }
            let lasti = live.unwrap_or(f.lasti);
            Ok(f.code
                .line_at(lasti)
                .map(|l| Value::Int(l as i64))
                .unwrap_or(Value::None))
        },
        Some(|vm, v, line| vm.set_frame_lineno(v, line)),
    );
    add_getset(vm, &frame, "f_locals", frame_locals, None);
    add_getset(
        vm,
        &frame,
        "f_trace",
        |_, v| {
            Ok(frame_data(v)
                .and_then(|f| f.borrow().trace.clone())
                .unwrap_or(Value::None))
        },
        Some(|_, v, new| {
            if let Some(f) = frame_data(v) {
                f.borrow_mut().trace = new.filter(|t| !t.is_none());
            }
            Ok(())
        }),
    );
    macro_rules! trace_flag_getset {
        ($name:literal, $field:ident) => {
            add_getset(
                vm,
                &frame,
                $name,
                |_, v| {
                    Ok(Value::Bool(
                        frame_data(v).is_some_and(|f| f.borrow().$field),
                    ))
                },
                Some(|vm, v, new| {
                    let on = trace_flag(vm, new)?;
                    if let Some(f) = frame_data(v) {
                        f.borrow_mut().$field = on;
                    }
                    Ok(())
                }),
            )
        };
    }
    trace_flag_getset!("f_trace_lines", trace_lines);
    trace_flag_getset!("f_trace_opcodes", trace_opcodes);
    // A frame object is a view made when asked for; clearing drops the locals it
    // captured (CPython also refuses to clear a frame still running).
    add_method_sig(vm, &frame, &FRAME_CLEAR, |vm, args| {
        let (me, []) = FRAME_CLEAR.bind(vm, args)?;
        let me = given(me);
        if let Some(f) = frame_data(&me) {
            let mut f = f.borrow_mut();
            f.locals = None;
            f.kept_slots = None;
        }
        Ok(Value::None)
    });
    crate::native::add_slot(
        vm,
        &frame,
        crate::slots::NativeSlot::Repr(|vm, this| {
            let v = this;
            let Some(f) = frame_data(v) else {
                return Ok(vm.new_str("<frame>"));
            };
            let f = f.borrow();
            let id = v.as_obj().map(crate::object::object_id).unwrap_or(0);
            let s = format!(
                "<frame at {id:#x}, file '{}', line {}, code {}>",
                f.code.code.filename,
                f.code.line_at(f.lasti).unwrap_or(0),
                f.code.code.name
            );
            Ok(vm.new_str(s))
        }),
    );

    let tb = vm.types.traceback.clone();
    // `dir()` of a traceback shows its four fields only (CPython's `tb_dir`).
    static TB_DIR: Signature = Signature::unlisted("traceback", "__dir__", "($self, /)");
    add_method_sig(vm, &tb, &TB_DIR, |vm, args| {
        TB_DIR.bind::<0>(vm, args)?;
        let names = ["tb_frame", "tb_next", "tb_lasti", "tb_lineno"]
            .into_iter()
            .map(|name| vm.new_str(name))
            .collect();
        Ok(vm.new_list(names))
    });
    crate::objects::add_new(vm, &tb, traceback_new);
    add_getset(
        vm,
        &tb,
        "tb_frame",
        |_, v| {
            Ok(traceback_data(v)
                .map(|t| Value::Obj(t.frame.clone()))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &tb,
        "tb_next",
        |_, v| {
            Ok(traceback_data(v)
                .and_then(|t| t.next.borrow().clone())
                .map(Value::Obj)
                .unwrap_or(Value::None))
        },
        Some(set_tb_next),
    );
    add_getset(
        vm,
        &tb,
        "tb_lasti",
        |_, v| {
            Ok(Value::Int(traceback_data(v).map_or(-1, |t| {
                t.given.as_deref().map_or(t.lasti as i64 * 2, |g| g.0)
            })))
        },
        None,
    );
    add_getset(
        vm,
        &tb,
        "tb_lineno",
        |_, v| {
            let Some(t) = traceback_data(v) else {
                return Ok(Value::None);
            };
            if let Some(&(_, lineno)) = t.given.as_deref() {
                return Ok(Value::Int(lineno));
            }
            let line = frame_data(&Value::Obj(t.frame.clone()))
                .and_then(|f| f.borrow().code.line_at(t.lasti));
            Ok(line.map(|l| Value::Int(l as i64)).unwrap_or(Value::None))
        },
        None,
    );
}

/// The value given to `f_trace_lines` or `f_trace_opcodes`: a bool (CPython's
/// `T_BOOL` members).
fn trace_flag(vm: &mut Vm, value: Option<Value>) -> crate::PyResult<bool> {
    match value {
        Some(Value::Bool(b)) => Ok(b),
        None => Err(vm.new_type_error("can't delete numeric/char attribute".to_owned())),
        Some(_) => Err(vm.new_type_error("attribute value type must be bool".to_owned())),
    }
}

/// `tb.tb_next = other`: another traceback or None, and never one that leads back
/// to `tb`.
fn set_tb_next(vm: &mut Vm, tb: &Value, value: Option<Value>) -> crate::PyResult<()> {
    let Some(this) = traceback_data(tb) else {
        return Ok(());
    };
    let next = match value {
        None => return Err(vm.new_type_error("can't delete tb_next attribute".to_owned())),
        Some(Value::None) => None,
        Some(v) if traceback_data(&v).is_some() => v.as_obj().cloned(),
        Some(v) => {
            return Err(vm.new_type_error(format!(
                "expected traceback object, got '{}'",
                vm.type_name_of(&v)
            )))
        }
    };
    let mut cursor = next.clone();
    while let Some(link) = cursor {
        if tb.as_obj().is_some_and(|me| Rc::ptr_eq(me, &link)) {
            return Err(vm.new_value_error("traceback loop detected".to_owned()));
        }
        cursor = traceback_data(&Value::Obj(link)).and_then(|t| t.next.borrow().clone());
    }
    *this.next.borrow_mut() = next;
    Ok(())
}
