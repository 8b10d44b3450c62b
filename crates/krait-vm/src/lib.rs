//! The Krait virtual machine: values and objects, the eval loop and frames,
//! exceptions and tracebacks, import, and the builtins.
//!
//! The life of a program: `Vm::new` builds the builtin types and modules, the
//! compiler turns source into a `CodeObject`, `Vm::run_main` executes it in `__main__`
//! and reports an uncaught exception the way CPython does.

pub mod abstract_;
pub mod ast;
pub mod atexit;
pub mod buffer;
pub mod builtins;
pub mod call;
pub mod eval;
pub mod exc;
pub mod finalize;
pub mod frame;
pub(crate) mod frame_jump;
pub mod gc;
pub mod gc_module;
pub mod imp;
pub mod import;
pub mod native;
pub mod native_stack;
pub mod object;
pub mod objects;
pub mod oserror;
pub mod pattern;
pub mod pyhash;
pub mod pytime;
pub mod signals;
pub mod signature;
pub mod slots;
pub mod source;
pub mod specialize;
pub mod suggestions;
pub mod sys;
pub mod thread;
pub mod trace;
pub mod tracemalloc;
pub mod trashcan;
pub mod unmarshal;
pub mod unraisable;
pub mod value;
pub mod vm;
pub mod warnings;

pub use object::{ObjRef, Payload, PyObject};
pub use objects::exceptions::Exc;
pub use value::Value;
pub use vm::{Config, Vm};

/// A raised Python exception: the exception instance.
#[derive(Clone)]
pub struct PyErr(pub ObjRef);

pub type PyResult<T> = Result<T, PyErr>;

impl std::fmt::Debug for PyErr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PyErr(<exception>)")
    }
}
