//! The `marshal` module, for code objects and the constants they hold: what `.pyc`
//! files need.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::code::{as_code, constant_to_value};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};

static DUMPS: Signature = Signature::of("marshal", "dumps", "($module, value, version=4, /)");
static LOADS: Signature = Signature::of("marshal", "loads", "($module, bytes, /)");

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("dumps", dumps).with_signature(&DUMPS),
    MethodDef::staticmethod("loads", loads).with_signature(&LOADS),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "marshal");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "marshal", &FUNCTIONS);
    dict::dict_set_str(vm, &d, "version", Value::Int(4));
    Ok(m)
}

fn dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [value, _version] = DUMPS.bind_args(vm, args)?;
    match value.as_ref().and_then(as_code) {
        Some(code) => Ok(vm.new_bytes(krait_bytecode::marshal::dumps_code(&code.code))),
        None => Err(vm.new_value_error("unmarshallable object".to_owned())),
    }
}

fn loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [data] = LOADS.bind_args(vm, args)?;
    let data = crate::bytes_like_arg(vm, &data.unwrap_or(Value::None))?;
    match krait_bytecode::marshal::loads(&data) {
        Ok(constant) => constant_to_value(vm, &constant),
        Err(krait_bytecode::marshal::MarshalError::Eof) => {
            Err(vm.new_error(krait_vm::Exc::EOFError, "marshal data too short"))
        }
        Err(e) => Err(vm.new_value_error(e.to_string())),
    }
}
