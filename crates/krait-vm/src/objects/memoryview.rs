//! `memoryview` (CPython's `Objects/memoryobject.c`): a view of the memory another
//! object exports through the buffer protocol (`buffer/`), without a copy.
//!
//! A view keeps its exporter and where its items lie in the exporter's bytes: the
//! offset of the first item, then a shape and strides in bytes per dimension, as
//! `Py_buffer` does. Slicing with a step makes a strided view of the same memory;
//! `cast` reshapes a C-contiguous one. Items of native single-character formats are
//! read and written through `buffer::items`. Writes go to the exporter's memory, so
//! a view of a bytearray or an array changes it.

use std::cell::Cell;

use crate::abstract_;
use crate::buffer::{self, items};
use crate::native::{native_data, NativeData};
use crate::object::{ObjRef, Payload, PyObject};
use crate::objects::str_methods::argument_type_name;
use crate::objects::typeobject::{self, new_builtin_type, Layout};
use crate::objects::{add_getset, add_method_sig, add_new};
use crate::signature::Signature;
use crate::slots::NativeSlot;
use crate::value::Value;
use crate::Exc;
use crate::{PyResult, Vm};
use krait_bytecode::opcode_table::CMP_EQ;

/// One view.
pub struct MemoryView {
    /// The exporter.
    obj: Value,
    released: Cell<bool>,
    /// Where item `[0, ..., 0]` starts in the exporter's bytes.
    offset: usize,
    shape: Vec<usize>,
    /// Bytes between consecutive items, per dimension (negative for a reversed
    /// slice).
    strides: Vec<isize>,
    format: String,
    itemsize: usize,
    readonly: bool,
    /// The hash, once computed (only read-only views hash).
    hash: Cell<Option<i64>>,
}

impl NativeData for MemoryView {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        visit(&self.obj);
        true
    }

    /// Only a C-contiguous view lends its memory, as a `PyBUF_SIMPLE` request
    /// gets it; `bytes(view)` and `tobytes()` gather a strided one (`contents`).
    fn read_buffer(&self, f: &mut dyn FnMut(&[u8])) {
        if self.released.get() || !self.is_c_contiguous() {
            return;
        }
        let range = self.byte_range();
        buffer::with_readable(&self.obj, |bytes| {
            if let Some(view) = bytes.get(range) {
                f(view);
            }
        });
    }

    fn write_buffer(&self, f: &mut dyn FnMut(&mut [u8])) {
        if self.released.get() || self.readonly || !self.is_c_contiguous() {
            return;
        }
        let range = self.byte_range();
        buffer::with_writable(&self.obj, |bytes| {
            if let Some(view) = bytes.get_mut(range) {
                f(view);
            }
        });
    }

    fn buffer_readonly(&self) -> bool {
        self.readonly
    }

    fn buffer_format(&self) -> (String, usize) {
        (self.format.clone(), self.itemsize)
    }
}

impl Drop for MemoryView {
    fn drop(&mut self) {
        if !self.released.get() {
            buffer::count_export(&self.obj, -1);
        }
    }
}

impl MemoryView {
    /// A one-dimensional view of everything `obj` exports.
    fn of_exporter(obj: Value, info: &buffer::BufferInfo) -> MemoryView {
        let itemsize = info.itemsize.max(1);
        buffer::count_export(&obj, 1);
        MemoryView {
            obj,
            released: Cell::new(false),
            offset: 0,
            shape: vec![info.len / itemsize],
            strides: vec![itemsize as isize],
            format: info.format.clone(),
            itemsize,
            readonly: info.readonly,
            hash: Cell::new(None),
        }
    }

    /// Another view of the same memory.
    fn derived(&self, offset: usize, shape: Vec<usize>, strides: Vec<isize>) -> MemoryView {
        buffer::count_export(&self.obj, 1);
        MemoryView {
            obj: self.obj.clone(),
            released: Cell::new(false),
            offset,
            shape,
            strides,
            format: self.format.clone(),
            itemsize: self.itemsize,
            readonly: self.readonly,
            hash: Cell::new(None),
        }
    }

    fn item_count(&self) -> usize {
        self.shape.iter().product()
    }

    fn nbytes(&self) -> usize {
        self.item_count() * self.itemsize
    }

    /// The exporter's bytes a C-contiguous view covers.
    fn byte_range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.nbytes()
    }

    fn is_c_contiguous(&self) -> bool {
        let mut expected = self.itemsize as isize;
        for (&n, &stride) in self.shape.iter().zip(&self.strides).rev() {
            if n > 1 && stride != expected {
                return false;
            }
            expected *= n as isize;
        }
        true
    }

    fn is_f_contiguous(&self) -> bool {
        let mut expected = self.itemsize as isize;
        for (&n, &stride) in self.shape.iter().zip(&self.strides) {
            if n > 1 && stride != expected {
                return false;
            }
            expected *= n as isize;
        }
        true
    }

    /// The byte offsets of every item, in C order (last index fastest), or in
    /// Fortran order (first index fastest).
    fn item_offsets(&self, fortran: bool) -> Vec<usize> {
        let mut dims: Vec<(usize, isize)> = self
            .shape
            .iter()
            .copied()
            .zip(self.strides.iter().copied())
            .collect();
        if fortran {
            dims.reverse();
        }
        let mut offsets = vec![self.offset as isize];
        for (n, stride) in dims {
            offsets = offsets
                .iter()
                .flat_map(|&base| (0..n as isize).map(move |i| base + i * stride))
                .collect();
        }
        offsets.into_iter().map(|o| o.max(0) as usize).collect()
    }

    /// The viewed bytes in C order, copied; `None` when the exporter shrank under
    /// the view.
    fn gather(&self) -> Option<Vec<u8>> {
        self.gather_in(false)
    }

    fn gather_in(&self, fortran: bool) -> Option<Vec<u8>> {
        let offsets = self.item_offsets(fortran);
        let size = self.itemsize;
        buffer::with_readable(&self.obj, |bytes| {
            let mut out = Vec::with_capacity(offsets.len() * size);
            for at in offsets {
                out.extend_from_slice(bytes.get(at..at + size)?);
            }
            Some(out)
        })
        .flatten()
    }

    fn release(&self) {
        if !self.released.replace(true) {
            buffer::count_export(&self.obj, -1);
        }
    }
}

/// The view `v` is, after checking it has not been released.
fn live<'a>(vm: &mut Vm, v: &'a Value) -> PyResult<&'a MemoryView> {
    let Some(view) = native_data::<MemoryView>(v) else {
        return Err(vm.new_type_error(format!(
            "descriptor requires a 'memoryview' object but received '{}'",
            vm.type_name_of(v)
        )));
    };
    if view.released.get() {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    Ok(view)
}

/// The bytes a memoryview shows, in C order; `None` for other objects.
pub fn contents(_vm: &Vm, v: &Value) -> Option<Vec<u8>> {
    native_data::<MemoryView>(v)
        .filter(|view| !view.released.get())
        .and_then(MemoryView::gather)
}

/// Whether `release()` (or leaving a `with` block) ended view `v`.
pub fn is_released(v: &Value) -> bool {
    native_data::<MemoryView>(v).is_some_and(|view| view.released.get())
}

fn new_view(vm: &Vm, view: MemoryView) -> Value {
    Value::Obj(PyObject::new(
        vm.memoryview_type.clone(),
        Payload::Native(Box::new(view)),
    ))
}

/// `memoryview(obj)`: a view of what `obj` exports.
pub fn from_object(vm: &mut Vm, obj: &Value) -> PyResult<Value> {
    let mut obj = obj.clone();
    if let Some(owner) = crate::native::buffer_owner(vm, &obj) {
        obj = owner?;
    }
    if let Some(view) = native_data::<MemoryView>(&obj) {
        live(vm, &obj)?;
        let copy = view.derived(view.offset, view.shape.clone(), view.strides.clone());
        return Ok(new_view(vm, copy));
    }
    match buffer::info(&obj) {
        Some(info) => Ok(new_view(vm, MemoryView::of_exporter(obj, &info))),
        None => Err(vm.new_type_error(format!(
            "memoryview: a bytes-like object is required, not '{}'",
            vm.type_name_of(&obj)
        ))),
    }
}

pub fn new_type(vm: &Vm) -> ObjRef {
    let ty = new_builtin_type(
        Some(&vm.types.type_),
        "memoryview",
        Some(&vm.types.object),
        Layout::Opaque,
        Some(&vm.types.dict),
    );
    typeobject::type_data(&ty).base_type.set(false);
    ty
}

// ---------------------------------------------------------------------------
// Items

/// The code and size of the view's format, for reading and writing items.
fn item_code(vm: &mut Vm, view: &MemoryView) -> PyResult<(char, usize)> {
    items::native_code(&view.format)
        .filter(|(_, size)| *size == view.itemsize)
        .ok_or_else(|| {
            vm.new_error(
                Exc::NotImplementedError,
                format!("memoryview: format {} not supported", view.format),
            )
        })
}

/// The byte offset of the item at `index` (one index per dimension).
fn item_offset(vm: &mut Vm, view: &MemoryView, index: &[Value]) -> PyResult<usize> {
    let mut at = view.offset as isize;
    for (dim, key) in index.iter().enumerate() {
        let i =
            abstract_::subscript_index(vm, key, |_| "memoryview: invalid slice key".to_owned())?;
        let n = view.shape[dim] as isize;
        let i = if i < 0 { i + n } else { i };
        if i < 0 || i >= n {
            return Err(vm.new_index_error(format!("index out of bounds on dimension {}", dim + 1)));
        }
        at += i * view.strides[dim];
    }
    Ok(at.max(0) as usize)
}

/// Refuses a view released while its indices were computed (by `__index__`).
fn still_live(vm: &mut Vm, view: &MemoryView) -> PyResult<()> {
    if view.released.get() {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    Ok(())
}

/// The offset of the item a tuple key names: one index per dimension. A tuple of
/// slices is refused with `slicing`, any other tuple is an invalid key.
fn multi_index(vm: &mut Vm, view: &MemoryView, index: &[Value], slicing: &str) -> PyResult<usize> {
    let is_slice =
        |v: &Value| matches!(v, Value::Obj(o) if matches!(o.payload, Payload::Slice { .. }));
    if index.iter().all(|v| abstract_::has_index(vm, v)) {
        if index.len() < view.shape.len() {
            return Err(vm.new_error(Exc::NotImplementedError, "sub-views are not implemented"));
        }
        if index.len() > view.shape.len() {
            return Err(vm.new_type_error(format!(
                "cannot index {}-dimension view with {}-element tuple",
                view.shape.len(),
                index.len()
            )));
        }
        return item_offset(vm, view, index);
    }
    if !index.is_empty() && index.iter().all(is_slice) {
        return Err(vm.new_error(Exc::NotImplementedError, slicing));
    }
    Err(vm.new_type_error("memoryview: invalid slice key".to_owned()))
}

fn read_item(vm: &mut Vm, view: &MemoryView, at: usize) -> PyResult<Value> {
    still_live(vm, view)?;
    let (code, size) = item_code(vm, view)?;
    let bytes = buffer::with_readable(&view.obj, |b| b.get(at..at + size).map(<[u8]>::to_vec))
        .flatten()
        .ok_or_else(|| vm.new_index_error("index out of range on dimension 1".to_owned()))?;
    Ok(items::unpack(vm, code, &bytes))
}

fn write_item(vm: &mut Vm, view: &MemoryView, at: usize, value: &Value) -> PyResult<()> {
    let (code, size) = item_code(vm, view)?;
    let mut packed = vec![0u8; size];
    items::pack(vm, &view.format, code, value, &mut packed)?;
    still_live(vm, view)?;
    buffer::with_writable(&view.obj, |b| {
        if let Some(slot) = b.get_mut(at..at + size) {
            slot.copy_from_slice(&packed);
        }
    })
    .ok_or_else(|| vm.new_type_error("cannot modify read-only memory".to_owned()))
}

/// Every item of the view, in C order.
fn flat_items(vm: &mut Vm, view: &MemoryView) -> PyResult<Vec<Value>> {
    let (code, size) = item_code(vm, view)?;
    let bytes = view.gather().unwrap_or_default();
    Ok(bytes
        .chunks_exact(size)
        .map(|chunk| items::unpack(vm, code, chunk))
        .collect())
}

/// The items of the view as nested lists (`tolist`).
fn to_list(vm: &mut Vm, view: &MemoryView) -> PyResult<Value> {
    let flat = flat_items(vm, view)?;
    if view.shape.is_empty() {
        return Ok(flat.into_iter().next().unwrap_or(Value::None));
    }
    Ok(nest(vm, &flat, &view.shape))
}

fn nest(vm: &mut Vm, flat: &[Value], shape: &[usize]) -> Value {
    match shape {
        [] | [_] => vm.new_list(flat.to_vec()),
        [n, rest @ ..] => {
            let step = rest.iter().product::<usize>();
            let rows = (0..*n)
                .map(|i| nest(vm, &flat[i * step..(i + 1) * step], rest))
                .collect();
            vm.new_list(rows)
        }
    }
}

fn mv_getitem(vm: &mut Vm, me: &Value, key: &Value) -> PyResult<Value> {
    let view = live(vm, me)?;
    if view.shape.is_empty() {
        let whole = matches!(key, Value::Obj(o) if matches!(o.payload, Payload::Ellipsis))
            || abstract_::tuple_items(key).is_some_and(|t| t.is_empty());
        if whole {
            return if matches!(key, Value::Obj(o) if matches!(o.payload, Payload::Ellipsis)) {
                Ok(me.clone())
            } else {
                read_item(vm, view, view.offset)
            };
        }
        return Err(vm.new_type_error("invalid indexing of 0-dim memory".to_owned()));
    }
    if let Value::Obj(k) = key {
        match &k.payload {
            Payload::Slice { .. } => {
                let (start, _, step, count) =
                    crate::objects::slice::indices(vm, k, || view.shape[0])?;
                let mut shape = view.shape.clone();
                let mut strides = view.strides.clone();
                shape[0] = count;
                let offset = view.offset as isize + start * view.strides[0];
                strides[0] *= step;
                let sliced = view.derived(offset.max(0) as usize, shape, strides);
                return Ok(new_view(vm, sliced));
            }
            Payload::Ellipsis => return Ok(me.clone()),
            Payload::Tuple(index) => {
                let slicing = "multi-dimensional slicing is not implemented";
                let at = multi_index(vm, view, index, slicing)?;
                return read_item(vm, view, at);
            }
            _ => {}
        }
    }
    if !abstract_::has_index(vm, key) {
        return Err(vm.new_type_error("memoryview: invalid slice key".to_owned()));
    }
    if view.shape.len() > 1 {
        return Err(vm.new_error(
            Exc::NotImplementedError,
            "multi-dimensional sub-views are not implemented",
        ));
    }
    let at = item_offset(vm, view, std::slice::from_ref(key))?;
    read_item(vm, view, at)
}

fn mv_setitem(vm: &mut Vm, me: &Value, key: &Value, value: Option<Value>) -> PyResult<()> {
    let view = live(vm, me)?;
    if view.readonly {
        return Err(vm.new_type_error("cannot modify read-only memory".to_owned()));
    }
    let Some(value) = value else {
        return Err(vm.new_type_error("cannot delete memory".to_owned()));
    };
    if view.shape.is_empty() {
        let whole = matches!(key, Value::Obj(o) if matches!(o.payload, Payload::Ellipsis))
            || abstract_::tuple_items(key).is_some_and(|t| t.is_empty());
        if whole {
            return write_item(vm, view, view.offset, &value);
        }
        return Err(vm.new_type_error("invalid indexing of 0-dim memory".to_owned()));
    }
    if let Value::Obj(k) = key {
        if let Payload::Slice { .. } = &k.payload {
            if view.shape.len() != 1 {
                return Err(vm.new_error(
                    Exc::NotImplementedError,
                    "memoryview slice assignments are currently restricted to ndim = 1",
                ));
            }
            let target = mv_getitem(vm, me, key)?;
            still_live(vm, view)?;
            return assign_view(vm, &target, &value);
        }
        if let Payload::Tuple(index) = &k.payload {
            let slicing = "memoryview slice assignments are currently restricted to ndim = 1";
            let at = multi_index(vm, view, index, slicing)?;
            return write_item(vm, view, at, &value);
        }
    }
    if !abstract_::has_index(vm, key) {
        return Err(vm.new_type_error("memoryview: invalid slice key".to_owned()));
    }
    if view.shape.len() > 1 {
        return Err(vm.new_error(Exc::NotImplementedError, "sub-views are not implemented"));
    }
    let at = item_offset(vm, view, std::slice::from_ref(key))?;
    write_item(vm, view, at, &value)
}

/// `view[a:b] = source`: the source must export items of the same format and
/// shape; its bytes are copied item by item (the two may overlap).
fn assign_view(vm: &mut Vm, target: &Value, source: &Value) -> PyResult<()> {
    if native_data::<MemoryView>(source).is_none() && buffer::info(source).is_none() {
        return Err(vm.new_type_error(format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name_of(source)
        )));
    }
    let source_view = from_object(vm, source)?;
    let (Some(to), Some(from)) = (
        native_data::<MemoryView>(target),
        native_data::<MemoryView>(&source_view),
    ) else {
        return Ok(());
    };
    let same_format = to.format.trim_start_matches('@') == from.format.trim_start_matches('@')
        && to.itemsize == from.itemsize;
    if !same_format || to.shape != from.shape {
        return Err(vm.new_value_error(
            "memoryview assignment: lvalue and rvalue have different structures".to_owned(),
        ));
    }
    let data = from.gather().unwrap_or_default();
    let size = to.itemsize;
    let offsets = to.item_offsets(false);
    buffer::with_writable(&to.obj, |bytes| {
        for (chunk, at) in data.chunks_exact(size).zip(offsets) {
            if let Some(slot) = bytes.get_mut(at..at + size) {
                slot.copy_from_slice(chunk);
            }
        }
    });
    from.release();
    Ok(())
}

// ---------------------------------------------------------------------------
// The type's slots, methods and attributes

static NEW: Signature = Signature::new("memoryview", "($type, object)");
static TOBYTES: Signature = Signature::of("memoryview", "tobytes", "($self, /, order='C')");
static TOLIST: Signature = Signature::of("memoryview", "tolist", "($self, /)");
static CAST: Signature = Signature::of(
    "memoryview",
    "cast",
    "($self, /, format, shape=<unrepresentable>)",
);
static HEX: Signature = Signature::of(
    "memoryview",
    "hex",
    "($self, /, sep=<unrepresentable>, bytes_per_sep=1)",
);
static RELEASE: Signature = Signature::of("memoryview", "release", "($self, /)");
static TOREADONLY: Signature = Signature::of("memoryview", "toreadonly", "($self, /)");
static ENTER: Signature = Signature::unlisted("memoryview", "__enter__", "($self, /)");
static EXIT: Signature = Signature::unlisted("memoryview", "__exit__", "($self, *args)");

pub fn init(vm: &mut Vm) {
    let ty = vm.memoryview_type.clone();
    typeobject::type_data(&ty).weakrefable.set(true);
    add_new(vm, &ty, |vm, args| {
        let (_, [object]) = NEW.bind(vm, args)?;
        from_object(vm, &object.unwrap_or(Value::None))
    });
    for slot in [
        NativeSlot::Repr(mv_repr),
        NativeSlot::Length(mv_len),
        NativeSlot::GetItem(mv_getitem),
        NativeSlot::SetItem(mv_setitem),
        NativeSlot::RichCompare(mv_richcompare),
        NativeSlot::Hash(mv_hash),
        NativeSlot::Iter(mv_iter),
    ] {
        crate::native::add_slot(vm, &ty, slot);
    }
    add_method_sig(vm, &ty, &TOBYTES, mv_tobytes);
    add_method_sig(vm, &ty, &TOLIST, |vm, args| {
        let (this, []) = TOLIST.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        let view = live(vm, &me)?;
        to_list(vm, view)
    });
    add_method_sig(vm, &ty, &CAST, mv_cast);
    add_method_sig(vm, &ty, &HEX, |vm, args| {
        let (this, hex) = HEX.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        let bytes = live(vm, &me)?.gather().unwrap_or_default();
        let (sep, per) = crate::objects::bytes::hex_args(vm, hex)?;
        Ok(vm.new_str(crate::objects::bytes::hex_string(&bytes, sep, per)))
    });
    add_method_sig(vm, &ty, &RELEASE, |vm, args| {
        let (this, []) = RELEASE.bind(vm, args)?;
        if let Some(view) = native_data::<MemoryView>(&this.unwrap_or(Value::None)) {
            view.release();
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &ENTER, |vm, args| {
        let (this, []) = ENTER.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        live(vm, &me)?;
        Ok(me)
    });
    add_method_sig(vm, &ty, &EXIT, |vm, args| {
        let bound = EXIT.bind_all::<0>(vm, args)?;
        if let Some(view) = native_data::<MemoryView>(&bound.this.unwrap_or(Value::None)) {
            view.release();
        }
        Ok(Value::None)
    });
    add_method_sig(vm, &ty, &TOREADONLY, |vm, args| {
        let (this, []) = TOREADONLY.bind(vm, args)?;
        let me = this.unwrap_or(Value::None);
        let view = live(vm, &me)?;
        let mut copy = view.derived(view.offset, view.shape.clone(), view.strides.clone());
        copy.readonly = true;
        Ok(new_view(vm, copy))
    });
    add_attributes(vm, &ty);
}

fn add_attributes(vm: &mut Vm, ty: &ObjRef) {
    add_getset(vm, ty, "obj", |vm, v| Ok(live(vm, v)?.obj.clone()), None);
    add_getset(
        vm,
        ty,
        "nbytes",
        |vm, v| Ok(Value::Int(live(vm, v)?.nbytes() as i64)),
        None,
    );
    add_getset(
        vm,
        ty,
        "readonly",
        |vm, v| Ok(Value::Bool(live(vm, v)?.readonly)),
        None,
    );
    add_getset(
        vm,
        ty,
        "itemsize",
        |vm, v| Ok(Value::Int(live(vm, v)?.itemsize as i64)),
        None,
    );
    add_getset(
        vm,
        ty,
        "format",
        |vm, v| {
            let format = live(vm, v)?.format.clone();
            Ok(vm.new_str(format))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "ndim",
        |vm, v| Ok(Value::Int(live(vm, v)?.shape.len() as i64)),
        None,
    );
    add_getset(
        vm,
        ty,
        "shape",
        |vm, v| {
            let shape = live(vm, v)?
                .shape
                .iter()
                .map(|&n| Value::Int(n as i64))
                .collect();
            Ok(vm.new_tuple(shape))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "strides",
        |vm, v| {
            let strides = live(vm, v)?
                .strides
                .iter()
                .map(|&n| Value::Int(n as i64))
                .collect();
            Ok(vm.new_tuple(strides))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "suboffsets",
        |vm, v| {
            live(vm, v)?;
            Ok(vm.new_tuple(vec![]))
        },
        None,
    );
    add_getset(
        vm,
        ty,
        "c_contiguous",
        |vm, v| Ok(Value::Bool(live(vm, v)?.is_c_contiguous())),
        None,
    );
    add_getset(
        vm,
        ty,
        "f_contiguous",
        |vm, v| Ok(Value::Bool(live(vm, v)?.is_f_contiguous())),
        None,
    );
    add_getset(
        vm,
        ty,
        "contiguous",
        |vm, v| {
            let view = live(vm, v)?;
            Ok(Value::Bool(
                view.is_c_contiguous() || view.is_f_contiguous(),
            ))
        },
        None,
    );
}

fn mv_repr(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let released = is_released(me);
    let address = me.as_obj().map_or(0, crate::object::object_id);
    let prefix = if released {
        "released memory"
    } else {
        "memory"
    };
    Ok(vm.new_str(format!("<{prefix} at {address:#x}>")))
}

fn mv_len(vm: &mut Vm, me: &Value) -> PyResult<usize> {
    let view = live(vm, me)?;
    Ok(view.shape.first().copied().unwrap_or(1))
}

fn mv_iter(vm: &mut Vm, me: &Value) -> PyResult<Value> {
    let view = live(vm, me)?;
    match view.shape.len() {
        0 => Err(vm.new_type_error("invalid indexing of 0-dim memory".to_owned())),
        1 => {
            item_code(vm, view)?;
            Ok(crate::objects::iter::sequence_iter(vm, me.clone()))
        }
        _ => Err(vm.new_error(
            Exc::NotImplementedError,
            "multi-dimensional sub-views are not implemented",
        )),
    }
}

/// `==` and `!=` compare the items as values (views of different formats may be
/// equal); other comparisons are not supported.
fn mv_richcompare(vm: &mut Vm, me: &Value, other: &Value, op: usize) -> PyResult<Value> {
    use krait_bytecode::opcode_table::CMP_NE;
    if op != CMP_EQ && op != CMP_NE {
        return Ok(vm.not_implemented());
    }
    let equal = if is_released(me) || is_released(other) {
        me.is(other)
    } else if native_data::<MemoryView>(other).is_some() || buffer::info(other).is_some() {
        views_equal(vm, me, other)?
    } else {
        return Ok(vm.not_implemented());
    };
    Ok(Value::Bool(equal == (op == CMP_EQ)))
}

fn views_equal(vm: &mut Vm, me: &Value, other: &Value) -> PyResult<bool> {
    let other_view = if native_data::<MemoryView>(other).is_some() {
        other.clone()
    } else {
        from_object(vm, other)?
    };
    let (Some(a), Some(b)) = (
        native_data::<MemoryView>(me),
        native_data::<MemoryView>(&other_view),
    ) else {
        return Ok(false);
    };
    if a.shape != b.shape {
        return Ok(false);
    }
    let (Some(_), Some(_)) = (items::native_code(&a.format), items::native_code(&b.format)) else {
        return Ok(false);
    };
    let left = flat_items(vm, a)?;
    let right = flat_items(vm, b)?;
    if !other.is(&other_view) {
        b.release();
    }
    // Item by item, each freshly unpacked: NaN items are never equal.
    for (x, y) in left.iter().zip(&right) {
        let eq = abstract_::compare(vm, x, y, CMP_EQ)?;
        if !abstract_::is_true(vm, &eq)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn mv_hash(vm: &mut Vm, me: &Value) -> PyResult<i64> {
    // A hash once computed outlives `release()`.
    if let Some(hash) = native_data::<MemoryView>(me).and_then(|view| view.hash.get()) {
        return Ok(hash);
    }
    let view = live(vm, me)?;
    if !view.readonly {
        return Err(vm.new_value_error("cannot hash writable memoryview object".to_owned()));
    }
    if !matches!(view.format.as_str(), "B" | "b" | "c") {
        return Err(vm.new_value_error(
            "memoryview: hashing is restricted to formats 'B', 'b' or 'c'".to_owned(),
        ));
    }
    let bytes = view.gather().unwrap_or_default();
    let hash = crate::pyhash::hash_bytes(&bytes);
    view.hash.set(Some(hash));
    Ok(hash)
}

fn mv_tobytes(vm: &mut Vm, args: crate::objects::function::Args) -> PyResult<Value> {
    let (this, [order]) = TOBYTES.bind(vm, args)?;
    let me = this.unwrap_or(Value::None);
    let fortran = match order.filter(|o| !o.is_none()) {
        None => false,
        Some(order) => match abstract_::value_as_str(&order) {
            Some("C" | "A") => false,
            Some("F") => true,
            Some(_) => return Err(vm.new_value_error("order must be 'C', 'F' or 'A'".to_owned())),
            None => {
                return Err(vm.new_type_error(format!(
                    "tobytes() argument 'order' must be str or None, not {}",
                    argument_type_name(vm, &order)
                )))
            }
        },
    };
    let view = live(vm, &me)?;
    let bytes = view.gather_in(fortran).unwrap_or_default();
    Ok(vm.new_bytes(bytes))
}

fn mv_cast(vm: &mut Vm, args: crate::objects::function::Args) -> PyResult<Value> {
    let (this, [format, shape]) = CAST.bind(vm, args)?;
    let me = this.unwrap_or(Value::None);
    let format = format.unwrap_or(Value::None);
    let Some(format) = abstract_::value_as_str(&format).map(str::to_owned) else {
        return Err(vm.new_type_error(format!(
            "cast() argument 'format' must be str, not {}",
            argument_type_name(vm, &format)
        )));
    };
    let view = live(vm, &me)?;
    if !view.is_c_contiguous() {
        return Err(
            vm.new_type_error("memoryview: casts are restricted to C-contiguous views".to_owned())
        );
    }
    let shape = match shape {
        None => None,
        Some(shape) => {
            let Some(items) =
                abstract_::tuple_items(&shape).or_else(|| abstract_::list_items(&shape))
            else {
                return Err(vm.new_type_error("shape must be a list or a tuple".to_owned()));
            };
            let mut dims = Vec::with_capacity(items.len());
            for item in items {
                let n = abstract_::index_isize(vm, &item)?;
                if n <= 0 {
                    return Err(vm.new_value_error(
                        "memoryview.cast(): elements of shape must be integers > 0".to_owned(),
                    ));
                }
                dims.push(n as usize);
            }
            Some(dims)
        }
    };
    if view.shape.len() != 1 && shape.as_ref().is_some_and(|s| s.len() != 1) {
        return Err(vm.new_type_error("memoryview: cast must be 1D -> ND or ND -> 1D".to_owned()));
    }
    let Some((_, size)) = items::native_code(&format) else {
        return Err(vm.new_value_error(
            "memoryview: destination format must be a native single character format prefixed \
             with an optional '@'"
                .to_owned(),
        ));
    };
    let byte_format = |f: &str| matches!(f.trim_start_matches('@'), "B" | "b" | "c");
    if !byte_format(&format) && !byte_format(&view.format) {
        return Err(
            vm.new_type_error("memoryview: cannot cast between two non-byte formats".to_owned())
        );
    }
    let nbytes = view.nbytes();
    let shape = match shape {
        Some(shape) => {
            if shape.iter().product::<usize>() * size != nbytes {
                return Err(vm.new_type_error(
                    "memoryview: product(shape) * itemsize != buffer size".to_owned(),
                ));
            }
            shape
        }
        None => {
            if nbytes % size != 0 {
                return Err(vm.new_type_error(
                    "memoryview: length is not a multiple of itemsize".to_owned(),
                ));
            }
            vec![nbytes / size]
        }
    };
    let mut strides = vec![size as isize; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * shape[i + 1] as isize;
    }
    let mut cast = view.derived(view.offset, shape, strides);
    cast.format = format;
    cast.itemsize = size;
    Ok(new_view(vm, cast))
}
