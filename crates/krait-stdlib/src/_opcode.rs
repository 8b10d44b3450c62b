//! The `_opcode` module: `stack_effect`, which `opcode.py` (and so `dis`) imports
//! (CPython's `Modules/_opcode.c`).

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyResult, Value, Vm};

static STACK_EFFECT: Signature = Signature::of(
    "_opcode",
    "stack_effect",
    "($module, opcode, oparg=None, /, *, jump=None)",
);
static GET_SPECIALIZATION_STATS: Signature =
    Signature::of("_opcode", "get_specialization_stats", "($module, /)");

static FUNCTIONS: [MethodDef; 2] = [
    MethodDef::staticmethod("stack_effect", stack_effect)
        .with_signature(&STACK_EFFECT)
        .with_doc("Compute the stack effect of the opcode."),
    MethodDef::staticmethod("get_specialization_stats", get_specialization_stats)
        .with_signature(&GET_SPECIALIZATION_STATS)
        .with_doc("Return the specialization stats"),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_opcode");
    let d = module_dict(&m).expect("a module has a dict");
    add_module_functions(vm, &d, "_opcode", &FUNCTIONS);
    Ok(m)
}

/// `stack_effect(opcode, oparg=None, /, *, jump=None)`: how the opcode changes the
/// stack depth when it falls through (`jump=False`), when it jumps (`jump=True`),
/// or the larger of the two (`jump=None`).
fn stack_effect(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [opcode, oparg, jump] = STACK_EFFECT.bind_args(vm, args)?;
    let opcode = c_int(vm, &opcode.unwrap_or(Value::None))?;
    let takes_arg = opcode >= i32::from(krait_bytecode::opcode_table::HAVE_ARGUMENT);
    let oparg = match oparg {
        Some(v) if !v.is_none() => {
            if !takes_arg {
                return Err(vm.new_value_error(
                    "stack_effect: opcode does not permit oparg but oparg was specified".to_owned(),
                ));
            }
            // Read as a C long, then narrowed to an int as CPython does.
            let n = abstract_::index(vm, &v)?;
            let n = krait_vm::objects::int::as_i64(&n).ok_or_else(|| {
                vm.new_error(
                    Exc::OverflowError,
                    "Python int too large to convert to C long",
                )
            })?;
            n as i32
        }
        _ if takes_arg => {
            return Err(vm.new_value_error(
                "stack_effect: opcode requires oparg but oparg was not specified".to_owned(),
            ));
        }
        _ => 0,
    };
    let jump = match jump.unwrap_or(Value::None) {
        Value::None => None,
        Value::Bool(b) => Some(b),
        _ => {
            return Err(
                vm.new_value_error("stack_effect: jump must be False, True or None".to_owned())
            )
        }
    };
    let effect = u8::try_from(opcode).ok().and_then(|op| {
        // CPython reads the argument as a C int and the effect formulas as unsigned.
        let arg = oparg as u32;
        Some(match jump {
            Some(jump) => krait_compiler::stack_effect(op, arg, jump)?,
            None => krait_compiler::stack_effect(op, arg, false)?
                .max(krait_compiler::stack_effect(op, arg, true)?),
        })
    });
    match effect {
        Some(effect) => Ok(Value::Int(i64::from(effect))),
        None => Err(vm.new_value_error("invalid opcode or oparg".to_owned())),
    }
}

/// Krait keeps no specialisation statistics, as a CPython built without them.
fn get_specialization_stats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    GET_SPECIALIZATION_STATS.bind_args::<0>(vm, args)?;
    Ok(Value::None)
}

/// A C `int` argument (`_PyLong_AsInt`).
fn c_int(vm: &mut Vm, v: &Value) -> PyResult<i32> {
    let n = abstract_::index(vm, v)?;
    krait_vm::objects::int::as_i64(&n)
        .and_then(|n| i32::try_from(n).ok())
        .ok_or_else(|| {
            vm.new_error(
                Exc::OverflowError,
                "Python int too large to convert to C int",
            )
        })
}
