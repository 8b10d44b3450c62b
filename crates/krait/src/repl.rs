//! The interactive prompt (CPython's `PyRun_InteractiveLoop`): `>>> ` and `... `,
//! statements compiled in 'single' mode so that expression results are echoed.

use std::io::{BufRead, Write};

use krait_vm::Vm;

/// Whether a compile error means "the statement is not finished yet".
fn is_incomplete(msg: &str) -> bool {
    msg.contains("unexpected EOF")
        || msg.contains("was never closed")
        || msg.contains("expected an indented block")
        || msg.contains("unterminated triple-quoted string")
        || msg.starts_with("Expected an indented block")
}

pub fn run(vm: &mut Vm) -> i32 {
    eprintln!("Python 3.11.2 (krait) on linux");
    eprintln!("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        let mut source = String::new();
        let mut prompt = ">>> ";
        loop {
            vm.flush_stdout();
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
            let Some(Ok(line)) = lines.next() else {
                eprintln!();
                return 0;
            };
            source.push_str(&line);
            source.push('\n');
            let block_open =
                source.trim_end().ends_with(':') || (prompt == "... " && !line.trim().is_empty());
            if block_open && !line.trim().is_empty() {
                prompt = "... ";
                continue;
            }
            match krait_compiler::compile(
                &source,
                "<stdin>",
                krait_compiler::Mode::Single,
                &Default::default(),
            ) {
                Err(e) if is_incomplete(&e.msg) && !line.trim().is_empty() => prompt = "... ",
                _ => break,
            }
        }
        if source.trim().is_empty() {
            continue;
        }
        match vm.run_interactive(&source) {
            Ok(()) => {}
            Err(err) => {
                let status = vm.report_uncaught_interactive(err);
                if let Some(code) = status {
                    vm.flush_stdout();
                    return code;
                }
            }
        }
    }
}
