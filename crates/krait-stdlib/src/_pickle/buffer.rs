//! `pickle.PickleBuffer` (CPython's `Objects/picklebufobject.c`): a wrapper that
//! marks a buffer as something protocol 5 may pass out-of-band. It lends the
//! wrapped object's buffer as its own (`bytes(pb)`, `memoryview(pb)`) until
//! `release()`.

use std::cell::{Ref, RefCell};

use krait_vm::native::{native_buffer, native_data, new_native_object, new_native_type};
use krait_vm::native::{MethodDef, NativeData, NativeTypeSpec};
use krait_vm::objects::function::Args;
use krait_vm::signature::Signature;
use krait_vm::{abstract_, ObjRef, Payload, PyErr, PyResult, Value, Vm};

use crate::given;

pub(crate) struct PickleBuffer {
    /// The wrapped object; `None` once released.
    obj: RefCell<Option<Value>>,
    /// The bytes last lent through `NativeData::buffer`.
    snapshot: RefCell<Vec<u8>>,
}

impl NativeData for PickleBuffer {
    fn traverse(&self, visit: &mut dyn FnMut(&Value)) -> bool {
        match self.obj.try_borrow() {
            Ok(obj) => {
                obj.iter().for_each(visit);
                true
            }
            Err(_) => false,
        }
    }

    fn clear(&self, taken: &mut Vec<Value>) {
        if let Ok(mut obj) = self.obj.try_borrow_mut() {
            taken.extend(obj.take());
        }
    }

    fn buffer(&self) -> Option<Ref<'_, [u8]>> {
        let data = self.obj.borrow().as_ref().and_then(bytes_of)?;
        if let Ok(mut snapshot) = self.snapshot.try_borrow_mut() {
            *snapshot = data;
        }
        Some(Ref::map(self.snapshot.borrow(), |v| v.as_slice()))
    }

    fn buffer_owner(&self, vm: &mut Vm) -> Option<PyResult<Value>> {
        Some(match self.obj.borrow().clone() {
            Some(obj) => Ok(obj),
            None => Err(released(vm)),
        })
    }
}

/// The bytes an object's buffer holds: bytes, bytearray or a native exporter.
fn bytes_of(v: &Value) -> Option<Vec<u8>> {
    krait_vm::objects::bytes::as_bytes(v).or_else(|| native_buffer(v))
}

fn released(vm: &mut Vm) -> PyErr {
    vm.new_value_error("operation forbidden on released PickleBuffer object".to_owned())
}

impl PickleBuffer {
    /// The bytes the buffer shows, and whether they are read-only.
    pub(crate) fn contents(&self, vm: &mut Vm) -> PyResult<(Vec<u8>, bool)> {
        let Some(obj) = self.obj.borrow().clone() else {
            return Err(released(vm));
        };
        if let Some(data) = krait_vm::objects::bytes::as_bytes(&obj) {
            let readonly =
                !matches!(&obj, Value::Obj(o) if matches!(o.payload, Payload::ByteArray(_)));
            return Ok((data, readonly));
        }
        if let Some(data) = native_buffer(&obj) {
            return Ok((data, false));
        }
        // A memoryview: its bytes and its own `readonly`.
        let data = vm.call_method(&obj, "tobytes", vec![])?;
        let data = krait_vm::objects::bytes::as_bytes(&data).unwrap_or_default();
        let readonly = abstract_::getattr_str(vm, &obj, "readonly")?;
        let readonly = abstract_::is_true(vm, &readonly)?;
        Ok((data, readonly))
    }
}

static BUFFER_TYPE: NativeTypeSpec = NativeTypeSpec {
    doc: Some("Wrapper for potentially out-of-band buffers"),
    weakrefable: true,
    new: Some(buffer_new),
    methods: &[
        MethodDef::method("raw", buffer_raw)
            .with_signature(&RAW)
            .with_doc("Return a memoryview of the raw memory underlying this buffer.\nWill raise BufferError is the buffer isn't contiguous."),
        MethodDef::method("release", buffer_release)
            .with_signature(&RELEASE)
            .with_doc("Release the underlying buffer exposed by the PickleBuffer object."),
    ],
    ..NativeTypeSpec::new("PickleBuffer", "pickle")
};

static NEW: Signature = Signature::new("PickleBuffer", "($type, buffer, /)")
    .parse_tuple()
    .not_listed();
static RAW: Signature = Signature::of("PickleBuffer", "raw", "($self, /)");
static RELEASE: Signature = Signature::of("PickleBuffer", "release", "($self, /)");

pub(crate) fn new_type(vm: &mut Vm) -> ObjRef {
    new_native_type(vm, &BUFFER_TYPE, None)
}

fn is_memoryview(vm: &Vm, v: &Value) -> bool {
    vm.isinstance(v, &vm.memoryview_type)
}

fn buffer_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (cls, [obj]) = NEW.bind(vm, args)?;
    let cls = crate::class_of_call(vm, cls, "PickleBuffer")?;
    let mut obj = given(obj);
    // A buffer of a buffer lends the innermost object's memory.
    if let Some(owner) = krait_vm::native::buffer_owner(vm, &obj) {
        obj = owner?;
    }
    if is_memoryview(vm, &obj) && krait_vm::objects::memoryview::is_released(&obj) {
        return Err(
            vm.new_value_error("operation forbidden on released memoryview object".to_owned())
        );
    }
    let exports = krait_vm::objects::bytes::as_bytes(&obj).is_some()
        || native_buffer(&obj).is_some()
        || is_memoryview(vm, &obj);
    if !exports {
        let given = vm.type_name_of(&obj);
        return Err(vm.new_type_error(format!("a bytes-like object is required, not '{given}'")));
    }
    let buffer = PickleBuffer {
        obj: RefCell::new(Some(obj)),
        snapshot: RefCell::new(Vec::new()),
    };
    Ok(new_native_object(vm, &cls, buffer))
}

fn this_buffer<'a>(vm: &mut Vm, this: &'a Option<Value>) -> PyResult<&'a PickleBuffer> {
    match this.as_ref().and_then(native_data::<PickleBuffer>) {
        Some(buffer) => Ok(buffer),
        None => Err(vm.new_type_error("a PickleBuffer is required".to_owned())),
    }
}

/// `raw()`: a memoryview of the wrapped memory, as bytes ('B').
fn buffer_raw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RAW.bind(vm, args)?;
    let buffer = this_buffer(vm, &this)?;
    let Some(obj) = buffer.obj.borrow().clone() else {
        return Err(released(vm));
    };
    if is_memoryview(vm, &obj) {
        let format = vm.new_str("B");
        return vm.call_method(&obj, "cast", vec![format]);
    }
    let memoryview = Value::Obj(vm.memoryview_type.clone());
    if krait_vm::objects::bytes::as_bytes(&obj).is_some() {
        return vm.call1(&memoryview, vec![obj]);
    }
    // Krait's memoryview views bytes and bytearray only: other exporters are seen
    // through a copy.
    let (data, _) = buffer.contents(vm)?;
    let copy = vm.new_bytes(data);
    vm.call1(&memoryview, vec![copy])
}

fn buffer_release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (this, []) = RELEASE.bind(vm, args)?;
    let buffer = this_buffer(vm, &this)?;
    let old = buffer.obj.borrow_mut().take();
    drop(old);
    Ok(Value::None)
}
