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
    /// Locals captured when the frame finished (live frames read the value stack).
    pub locals: Option<Value>,
}

pub struct TracebackData {
    pub next: RefCell<Option<ObjRef>>,
    pub frame: ObjRef,
    pub lasti: usize,
}

pub fn new_frame_object(vm: &mut Vm, depth: usize, back: Option<ObjRef>) -> ObjRef {
    let f = &vm.frames[depth];
    let data = FrameData {
        code: f.code.clone(),
        globals: f.globals.clone(),
        builtins: f.builtins.clone(),
        lasti: f.lasti(),
        back,
        locals: None,
    };
    PyObject::new(vm.types.frame.clone(), Payload::Frame(RefCell::new(data)))
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

/// The locals of a frame as a dict: from the live value stack if it still runs.
fn frame_locals(vm: &mut Vm, frame_obj: &Value) -> Value {
    let live = vm.frames.iter().position(
        |f| matches!((&f.frame_object, frame_obj), (Some(a), Value::Obj(b)) if Rc::ptr_eq(a, b)),
    );
    if let Some(depth) = live {
        return vm.locals_of_frame(depth);
    }
    frame_data(frame_obj)
        .and_then(|f| f.borrow().locals.clone())
        .unwrap_or_else(|| Value::Obj(vm.new_dict()))
}

impl Vm {
    /// `locals()` of the frame at `depth`: its mapping, or a dict of its fast locals.
    pub fn locals_of_frame(&mut self, depth: usize) -> Value {
        let frame = &self.frames[depth];
        if let Some(locals) = &frame.locals {
            return locals.clone();
        }
        let code = frame.code.clone();
        let base = frame.base;
        let d = self.new_dict();
        for (i, name) in code.code.localsplusnames.iter().enumerate() {
            let kind = code.cell_kind(i);
            let mut value = self.stack.get(base + i).cloned().flatten();
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
                crate::objects::dict::dict_set_str(self, &d, name, v);
            }
        }
        Value::Obj(d)
    }
}

static FRAME_CLEAR: Signature = Signature::unlisted("frame", "clear", "($self, /)");
static FRAME_REPR: Signature = Signature::slot_wrapper("frame", "__repr__", "($self, /)");

pub fn init(vm: &mut Vm) {
    let frame = vm.types.frame.clone();
    add_getset(
        vm,
        &frame,
        "f_code",
        |vm, v| {
            let code = frame_data(v).map(|f| f.borrow().code.clone());
            Ok(code
                .map(|c| Value::Obj(PyObject::new(vm.types.code.clone(), Payload::Code(c))))
                .unwrap_or(Value::None))
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
        |_, v| {
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
            let live = vm.frames.iter().find(|f| matches!((&f.frame_object, v), (Some(a), Value::Obj(b)) if Rc::ptr_eq(a, b))).map(|f| f.lasti());
            let Some(f) = frame_data(v) else {
                return Ok(Value::None);
            };
            let f = f.borrow();
            let lasti = live.unwrap_or(f.lasti);
            Ok(f.code
                .line_at(lasti)
                .map(|l| Value::Int(l as i64))
                .unwrap_or(Value::None))
        },
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_locals",
        |vm, v| Ok(frame_locals(vm, v)),
        None,
    );
    add_getset(
        vm,
        &frame,
        "f_trace",
        |_, _| Ok(Value::None),
        Some(|_, _, _| Ok(())),
    );
    // A frame object is a view made when asked for; clearing drops the locals it
    // captured (CPython also refuses to clear a frame still running).
    add_method_sig(vm, &frame, &FRAME_CLEAR, |vm, args| {
        let (me, []) = FRAME_CLEAR.bind(vm, args)?;
        let me = given(me);
        if let Some(f) = frame_data(&me) {
            f.borrow_mut().locals = None;
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &frame, &FRAME_REPR, |vm, args| {
        let (me, []) = FRAME_REPR.bind(vm, args)?;
        let me = given(me);
        let v = me;
        let Some(f) = frame_data(&v) else {
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
    });

    let tb = vm.types.traceback.clone();
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
            Ok(Value::Int(
                traceback_data(v).map(|t| t.lasti as i64 * 2).unwrap_or(-1),
            ))
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
            let line = frame_data(&Value::Obj(t.frame.clone()))
                .and_then(|f| f.borrow().code.line_at(t.lasti));
            Ok(line.map(|l| Value::Int(l as i64)).unwrap_or(Value::None))
        },
        None,
    );
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
