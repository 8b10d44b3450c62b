//! `krait-compile`: compile Python files with Krait's compiler and write each
//! module code object in `marshal` format, for the bytecode-parity script.
//!
//! Usage: `krait-compile OUTDIR [-O|-OO] [--mode exec|eval|single] [--flags N] [FILE ...]` (file paths on stdin when
//! none are given). For each input the output is `OUTDIR/<n>.marshal`, or
//! `OUTDIR/<n>.error` holding the SyntaxError; `<n>` is the input's position.

use std::io::{BufRead, Write};

use krait_compiler::{compile, CompileOptions, Mode};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: krait-compile OUTDIR [-O|-OO] [FILE ...]");
        std::process::exit(2);
    }
    let outdir = std::path::PathBuf::from(args.remove(0));
    let mut optimize = 0;
    let mut mode = Mode::Exec;
    if let Some(i) = args.iter().position(|a| a == "--mode") {
        if i + 1 < args.len() {
            mode = match args[i + 1].as_str() {
                "eval" => Mode::Eval,
                "single" => Mode::Single,
                _ => Mode::Exec,
            };
            args.drain(i..i + 2);
        }
    }
    let mut flags = 0u32;
    if let Some(i) = args.iter().position(|a| a == "--flags") {
        if i + 1 < args.len() {
            flags = args[i + 1].parse().unwrap_or(0);
            args.drain(i..i + 2);
        }
    }
    args.retain(|a| match a.as_str() {
        "-O" => {
            optimize = 1;
            false
        }
        "-OO" => {
            optimize = 2;
            false
        }
        _ => true,
    });
    let files: Vec<String> = if args.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.is_empty())
            .collect()
    } else {
        args
    };
    std::fs::create_dir_all(&outdir).expect("output directory can be created");
    std::panic::set_hook(Box::new(|_| {}));
    let options = CompileOptions { optimize, flags };
    for (i, path) in files.iter().enumerate() {
        let result = match std::fs::read(path) {
            Ok(bytes) => {
                let source = String::from_utf8_lossy(&bytes).into_owned();
                let p = path.clone();
                let opts = options.clone();
                std::panic::catch_unwind(move || {
                    compile(&source, &p, mode, &opts)
                        .map(|co| krait_bytecode::marshal::dumps_code(&co))
                        .map_err(|e| e.to_string())
                })
                .unwrap_or_else(|_| Err("panic".to_string()))
            }
            Err(e) => Err(format!("read error: {e}")),
        };
        match result {
            Ok(data) => {
                let _ = std::fs::write(outdir.join(format!("{i}.marshal")), data);
            }
            Err(msg) => {
                let _ = std::fs::File::create(outdir.join(format!("{i}.error")))
                    .and_then(|mut f| f.write_all(msg.as_bytes()));
            }
        }
    }
}
