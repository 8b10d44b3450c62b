//! Builtin types fill their slots with Rust functions (DESIGN §3): `abstract_`
//! reaches `list`'s item assignment through `slots.setitem` directly, never by
//! looking `__setitem__` up and calling it. This test lists the special methods of
//! builtin types, those of the builtin modules included, that are still plain
//! methods reached by name, and checks that the list only shrinks.

use krait_vm::{Config, Vm};

/// Special methods still dispatched by name. Each entry is a migration to do; remove
/// it when its type gets the native slot.
#[rustfmt::skip]
const STILL_BY_NAME: &[&str] = &[
];

#[test]
fn builtin_types_fill_their_slots_natively() {
    // The interpreter wants a deep stack, as the `krait` binary gives it.
    let found = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut vm = Vm::new(Config {
                no_site: true,
                stdlib: Some("/usr/lib/python3.11".to_owned()),
                ..Config::default()
            });
            krait_stdlib::register(&mut vm);
            vm.install_importlib().expect("the import machinery");
            let source =
                "import sys\nfor name in sys.builtin_module_names:\n    __import__(name)\n";
            if let Err(err) = vm.run_main_source(source, "<test>", None) {
                let shown = krait_vm::exc::format_exception(&mut vm, &krait_vm::Value::Obj(err.0));
                panic!("a builtin module does not import:\n{shown}");
            }
            krait_vm::slots::builtin_slots_dispatched_by_name(&vm.types.object)
        })
        .expect("a thread")
        .join()
        .expect("no panic");
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|name| !STILL_BY_NAME.contains(&name.as_str()))
        .collect();
    let migrated: Vec<&&str> = STILL_BY_NAME
        .iter()
        .filter(|name| !found.iter().any(|f| f == *name))
        .collect();
    assert!(
        unexpected.is_empty() && migrated.is_empty(),
        "special methods dispatched by name that are not listed: {unexpected:?}\n\
         listed ones now native (remove them from STILL_BY_NAME): {migrated:?}"
    );
}
