//! The interactive prompt (CPython's `PyRun_InteractiveLoop`): `>>> ` and `... `,
//! statements compiled in 'single' mode so that expression results are echoed.

use std::io::Write;

use krait_vm::Vm;

/// Whether a compile error means "the statement is not finished yet".
fn is_incomplete(msg: &str) -> bool {
    msg.contains("unexpected EOF")
        || msg.contains("was never closed")
        || msg.contains("expected an indented block")
        || msg.contains("unterminated triple-quoted string")
        || msg.starts_with("Expected an indented block")
}

/// Whether `line` starts a compound statement, which the prompt keeps reading until
/// an empty line, as CPython's interactive tokenizer does (`while x: pass` too).
fn starts_compound_statement(line: &str) -> bool {
    let first = line
        .trim_start()
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    matches!(
        first,
        "if" | "while" | "for" | "def" | "class" | "with" | "try" | "async"
    ) || line.trim_start().starts_with('@')
}

pub fn run(vm: &mut Vm, quiet: bool) -> i32 {
    if !quiet {
        eprintln!("Python 3.11.2 (krait) on linux");
        eprintln!("Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.");
    }
    loop {
        let mut source = String::new();
        let mut prompt = ">>> ";
        loop {
            vm.flush_stdout();
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
            let line = match vm.read_prompt_line() {
                Ok(Some(line)) => line,
                Ok(None) => {
                    eprintln!();
                    return 0;
                }
                Err(err) => {
                    // Ctrl-C at the prompt: the statement being typed is dropped.
                    eprintln!();
                    if let Some(code) = vm.report_uncaught_interactive(err) {
                        return code;
                    }
                    source.clear();
                    prompt = ">>> ";
                    continue;
                }
            };
            source.push_str(&line);
            source.push('\n');
            let block_open = source.trim_end().ends_with(':')
                || (prompt == ">>> " && starts_compound_statement(&line))
                || (prompt == "... " && !line.trim().is_empty());
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
