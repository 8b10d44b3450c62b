//! The compiler's stack effects agree with python3.11's `dis.stack_effect`, whose
//! answers at sampled arguments are generated into `opcode_table::STACK_EFFECTS`.

use krait_bytecode::opcode_table::{StackEffect, STACK_EFFECTS, STACK_EFFECT_OPARGS};

#[test]
fn stack_effects_match_python() {
    let mut checked = 0;
    for (opcode, effect) in STACK_EFFECTS.iter().enumerate() {
        let opcode = opcode as u8;
        let Some(effect) = effect else {
            assert_eq!(
                crate::stack_effect(opcode, 0, false),
                None,
                "opcode {opcode}"
            );
            continue;
        };
        for (i, &oparg) in STACK_EFFECT_OPARGS.iter().enumerate() {
            let (no_jump, jump) = match effect {
                StackEffect::Fixed(no_jump, jump) => (*no_jump, *jump),
                StackEffect::ByOparg { no_jump, jump } => (no_jump[i], jump[i]),
            };
            assert_eq!(
                crate::stack_effect(opcode, oparg, false),
                Some(no_jump),
                "opcode {opcode} oparg {oparg} without jump"
            );
            assert_eq!(
                crate::stack_effect(opcode, oparg, true),
                Some(jump),
                "opcode {opcode} oparg {oparg} jumping"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} cases checked");
}
