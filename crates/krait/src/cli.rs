//! Command-line parsing with CPython's options and messages (`Python/getopt.c`,
//! `Python/initconfig.c`).

const USAGE: &str = "usage: krait [option] ... [-c cmd | -m mod | file | -] [arg] ...\n";

const HELP: &str = "\
Options (and corresponding environment variables):
-b     : issue warnings about str(bytes_instance), str(bytearray_instance)
         and comparing bytes/bytearray with str. (-bb: issue errors)
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-I     : isolate Python from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements
-OO    : do -O changes and also discard docstrings
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path; also PYTHONNOUSERSITE
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered
-V     : print the Python version number and exit (also --version)
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-x     : skip first line of source, allowing use of non-Unix forms of #!cmd
-X opt : set implementation-specific option
Arguments:
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]
";

pub enum Command {
    Script(String),
    Code(String),
    Module(String),
    Stdin,
}

pub struct Options {
    pub command: Command,
    pub args: Vec<String>,
    pub explicit_stdin: bool,
    pub optimize: u8,
    pub ignore_environment: bool,
    pub isolated: bool,
    pub no_site: bool,
    pub no_user_site: bool,
    pub dont_write_bytecode: bool,
    pub unbuffered: bool,
    pub quiet: bool,
    pub skip_first_line: bool,
    /// `-W` arguments, in order.
    pub warn_options: Vec<String>,
    /// `-X` arguments, in order.
    pub x_options: Vec<String>,
    /// How many times `-b` was given.
    pub bytes_warning: u8,
}

/// Leave the process with this status (help, version, usage errors).
pub struct Exit(pub i32);

fn usage_error(prog: &str, msg: &str) -> Exit {
    eprint!("{msg}\n{}", USAGE.replace("krait", prog));
    eprintln!("Try `{prog} -h' for more information.");
    Exit(2)
}

pub fn parse(argv: &[String]) -> Result<Options, Exit> {
    let prog = argv.first().cloned().unwrap_or_else(|| "krait".to_owned());
    let mut o = Options {
        command: Command::Stdin,
        args: Vec::new(),
        explicit_stdin: false,
        optimize: 0,
        ignore_environment: false,
        isolated: false,
        no_site: false,
        no_user_site: false,
        dont_write_bytecode: false,
        unbuffered: false,
        quiet: false,
        skip_first_line: false,
        warn_options: Vec::new(),
        x_options: Vec::new(),
        bytes_warning: 0,
    };
    let mut i = 1;
    while i < argv.len() {
        let arg = &argv[i];
        if arg == "--" {
            i += 1;
            break;
        }
        if arg == "--version" {
            println!("Python 3.11.2");
            return Err(Exit(0));
        }
        if arg == "--help" {
            print!("{}{HELP}", USAGE.replace("krait", &prog));
            return Err(Exit(0));
        }
        if arg == "-" {
            o.explicit_stdin = true;
            i += 1;
            o.args = argv[i..].to_vec();
            return Ok(o);
        }
        if !arg.starts_with('-') || arg.len() == 1 {
            break;
        }
        if arg.starts_with("--") {
            return Err(usage_error(&prog, &format!("unknown option {arg}")));
        }
        let flags: Vec<char> = arg[1..].chars().collect();
        let mut j = 0;
        while j < flags.len() {
            let c = flags[j];
            match c {
                'c' | 'm' => {
                    let rest: String = flags[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest
                    } else if i + 1 < argv.len() {
                        i += 1;
                        argv[i].clone()
                    } else {
                        return Err(usage_error(
                            &prog,
                            &format!("Argument expected for the -{c} option"),
                        ));
                    };
                    o.command = if c == 'c' {
                        Command::Code(value)
                    } else {
                        Command::Module(value)
                    };
                    o.args = argv[i + 1..].to_vec();
                    return Ok(o);
                }
                'W' | 'X' => {
                    let rest: String = flags[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest
                    } else {
                        i += 1;
                        match argv.get(i) {
                            Some(v) => v.clone(),
                            None => {
                                return Err(usage_error(
                                    &prog,
                                    &format!("Argument expected for the -{c} option"),
                                ))
                            }
                        }
                    };
                    if c == 'W' {
                        o.warn_options.push(value);
                    } else {
                        o.x_options.push(value);
                    }
                    j = flags.len();
                    continue;
                }
                'b' => o.bytes_warning = o.bytes_warning.saturating_add(1),
                'B' => o.dont_write_bytecode = true,
                'E' => o.ignore_environment = true,
                'I' => {
                    o.isolated = true;
                    o.ignore_environment = true;
                    o.no_user_site = true;
                }
                'O' => o.optimize = (o.optimize + 1).min(2),
                's' => o.no_user_site = true,
                'S' => o.no_site = true,
                'u' => o.unbuffered = true,
                'q' => o.quiet = true,
                'x' => o.skip_first_line = true,
                'd' | 'i' | 'v' | 'P' | 'R' => {}
                'h' | '?' => {
                    print!("{}{HELP}", USAGE.replace("krait", &prog));
                    return Err(Exit(0));
                }
                'V' => {
                    println!("Python 3.11.2");
                    return Err(Exit(0));
                }
                other => return Err(usage_error(&prog, &format!("Unknown option: -{other}"))),
            }
            j += 1;
        }
        i += 1;
    }
    if i < argv.len() {
        o.command = Command::Script(argv[i].clone());
        o.args = argv[i + 1..].to_vec();
    }
    Ok(o)
}
