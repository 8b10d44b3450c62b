//! The unpickler's stack machine: it runs the opcodes of one pickle.
//!
//! Objects are pushed on the stack; MARK remembers the stack height, and the
//! opcodes that build containers take what is above the last mark. The memo
//! (filled by PUT and MEMOIZE, read by GET) belongs to the `Unpickler` and
//! outlives one `load`.

use std::rc::Rc;

use krait_vm::objects::dict::{self, as_dict};
use krait_vm::objects::function::Args;
use krait_vm::objects::str::as_pystr;
use krait_vm::objects::typeobject;
use krait_vm::{abstract_, Exc, Payload, PyErr, PyResult, Value, Vm};
use num_bigint::BigInt;

use super::input::{binint, binsize, Input};
use super::opcodes::*;
use super::save::get_attribute;
use super::unpickler::Unpickler;
use super::{is_unpickling_error, state, unpickling_error, PickleState};

/// One `load`: the unpickler, its input, and the stack with its marks (the stack
/// heights MARK recorded).
struct Machine<'a> {
    u: &'a Unpickler,
    /// The Unpickler object, when there is one (`find_class` and
    /// `persistent_load` may be overridden by a subclass).
    this: Option<&'a Value>,
    st: Rc<PickleState>,
    input: Input,
    stack: Vec<Value>,
    marks: Vec<usize>,
}

impl Machine<'_> {
    /// The height of the stack at the last mark: nothing below it may be popped.
    fn fence(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn underflow(&self, vm: &mut Vm) -> PyErr {
        let message = if self.marks.is_empty() {
            "unpickling stack underflow"
        } else {
            "unexpected MARK found"
        };
        unpickling_error(vm, message)
    }

    fn pop(&mut self, vm: &mut Vm) -> PyResult<Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.pop().unwrap_or(Value::None))
    }

    fn top(&self, vm: &mut Vm) -> PyResult<Value> {
        if self.stack.len() <= self.fence() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.last().cloned().unwrap_or(Value::None))
    }

    fn marker(&mut self, vm: &mut Vm) -> PyResult<usize> {
        match self.marks.pop() {
            Some(mark) => Ok(mark),
            None => Err(unpickling_error(vm, "could not find MARK")),
        }
    }

    /// The items above stack height `start`, taken off the stack.
    fn pop_from(&mut self, vm: &mut Vm, start: usize) -> PyResult<Vec<Value>> {
        if start < self.fence() || start > self.stack.len() {
            return Err(self.underflow(vm));
        }
        Ok(self.stack.split_off(start))
    }

    fn read(&mut self, vm: &mut Vm, n: usize) -> PyResult<&[u8]> {
        let range = self.input.read(vm, n)?;
        Ok(&self.input.data[range])
    }

    /// A size of `n` bytes, with the overflow message that names `what`.
    fn read_size(&mut self, vm: &mut Vm, n: usize, what: &str, exc: Exc) -> PyResult<usize> {
        let bytes = self.read(vm, n)?.to_vec();
        match binsize(&bytes) {
            Some(size) => Ok(size),
            None => {
                let message = format!(
                    "{what} exceeds system's maximum size of {} bytes",
                    isize::MAX
                );
                Err(if exc == Exc::OverflowError {
                    vm.new_overflow_error(message)
                } else {
                    unpickling_error(vm, &message)
                })
            }
        }
    }

    /// A line's text, its newline removed; at least `min` bytes with it.
    fn read_line(&mut self, vm: &mut Vm, min: usize) -> PyResult<Vec<u8>> {
        let mut line = self.input.readline(vm)?;
        if line.len() < min {
            return Err(Input::truncated(vm));
        }
        line.pop();
        Ok(line)
    }

    fn run(&mut self, vm: &mut Vm) -> PyResult<Value> {
        loop {
            let op = match self.input.read_byte(vm) {
                Ok(op) => op,
                Err(err) if is_unpickling_error(vm, &err) => {
                    return Err(vm.new_error(Exc::EOFError, "Ran out of input"))
                }
                Err(err) => return Err(err),
            };
            if op == STOP {
                break;
            }
            self.step(vm, op)?;
        }
        self.pop(vm)
    }

    fn step(&mut self, vm: &mut Vm, op: u8) -> PyResult<()> {
        match op {
            NONE => self.stack.push(Value::None),
            NEWTRUE => self.stack.push(Value::Bool(true)),
            NEWFALSE => self.stack.push(Value::Bool(false)),
            BININT => self.load_binint(vm, 4)?,
            BININT1 => self.load_binint(vm, 1)?,
            BININT2 => self.load_binint(vm, 2)?,
            INT => self.load_int(vm)?,
            LONG => self.load_long(vm)?,
            LONG1 => self.load_counted_long(vm, 1)?,
            LONG4 => self.load_counted_long(vm, 4)?,
            FLOAT => self.load_float(vm)?,
            BINFLOAT => {
                let bytes = self.read(vm, 8)?;
                let x = f64::from_be_bytes(bytes.try_into().unwrap_or([0; 8]));
                self.stack.push(Value::Float(x));
            }
            SHORT_BINBYTES => self.load_counted_binbytes(vm, 1)?,
            BINBYTES => self.load_counted_binbytes(vm, 4)?,
            BINBYTES8 => self.load_counted_binbytes(vm, 8)?,
            BYTEARRAY8 => {
                let size = self.read_size(vm, 8, "BYTEARRAY8", Exc::OverflowError)?;
                let data = self.input.read_owned(vm, size)?;
                self.stack
                    .push(krait_vm::objects::bytes::new_bytearray(vm, data));
            }
            NEXT_BUFFER => self.load_next_buffer(vm)?,
            READONLY_BUFFER => self.load_readonly_buffer(vm)?,
            SHORT_BINSTRING => self.load_counted_binstring(vm, 1)?,
            BINSTRING => self.load_counted_binstring(vm, 4)?,
            STRING => self.load_string(vm)?,
            UNICODE => {
                let line = self.read_line(vm, 1)?;
                let text = decode(vm, line, "raw-unicode-escape", "strict")?;
                self.stack.push(text);
            }
            SHORT_BINUNICODE => self.load_counted_binunicode(vm, 1)?,
            BINUNICODE => self.load_counted_binunicode(vm, 4)?,
            BINUNICODE8 => self.load_counted_binunicode(vm, 8)?,
            EMPTY_TUPLE => self.stack.push(vm.new_tuple(vec![])),
            TUPLE1 | TUPLE2 | TUPLE3 => {
                let n = usize::from(op - TUPLE1 + 1);
                if self.stack.len() < n {
                    return Err(self.underflow(vm));
                }
                let start = self.stack.len() - n;
                let items = self.pop_from(vm, start)?;
                self.stack.push(vm.new_tuple(items));
            }
            TUPLE => {
                let mark = self.marker(vm)?;
                let items = self.pop_from(vm, mark)?;
                self.stack.push(vm.new_tuple(items));
            }
            EMPTY_LIST => self.stack.push(vm.new_list(vec![])),
            LIST => {
                let mark = self.marker(vm)?;
                let items = self.pop_from(vm, mark)?;
                self.stack.push(vm.new_list(items));
            }
            EMPTY_DICT => self.stack.push(Value::Obj(vm.new_dict())),
            DICT => self.load_dict(vm)?,
            EMPTY_SET => {
                let set = krait_vm::objects::set::new_set(vm, vec![])?;
                self.stack.push(set);
            }
            ADDITEMS => self.load_additems(vm)?,
            FROZENSET => {
                let mark = self.marker(vm)?;
                let items = self.pop_from(vm, mark)?;
                let set = krait_vm::objects::set::new_frozenset(vm, items)?;
                self.stack.push(set);
            }
            OBJ => self.load_obj(vm)?,
            INST => self.load_inst(vm)?,
            NEWOBJ => self.load_newobj(vm, false)?,
            NEWOBJ_EX => self.load_newobj(vm, true)?,
            GLOBAL => self.load_global(vm)?,
            STACK_GLOBAL => self.load_stack_global(vm)?,
            APPEND => {
                if self.stack.len() <= self.fence() + 1 {
                    return Err(self.underflow(vm));
                }
                let at = self.stack.len() - 1;
                self.do_append(vm, at)?;
            }
            APPENDS => {
                let mark = self.marker(vm)?;
                self.do_append(vm, mark)?;
            }
            SETITEM => {
                let at = self.stack.len().wrapping_sub(2);
                self.do_setitems(vm, at)?;
            }
            SETITEMS => {
                let mark = self.marker(vm)?;
                self.do_setitems(vm, mark)?;
            }
            BUILD => self.load_build(vm)?,
            DUP => {
                let top = self.top(vm)?;
                self.stack.push(top);
            }
            MARK => self.marks.push(self.stack.len()),
            POP => {
                if self.marks.last() == Some(&self.stack.len()) {
                    self.marks.pop();
                } else {
                    self.pop(vm)?;
                }
            }
            POP_MARK => {
                let mark = self.marker(vm)?;
                self.stack.truncate(mark.max(self.fence()));
            }
            GET => {
                let line = self.read_line(vm, 2)?;
                let index = self.parse_index(vm, &line)?;
                self.push_memo(vm, index)?;
            }
            BINGET => {
                let index = i64::from(self.read(vm, 1)?[0]);
                self.push_memo(vm, index)?;
            }
            LONG_BINGET => {
                let bytes = self.read(vm, 4)?;
                let index = i64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]));
                self.push_memo(vm, index)?;
            }
            PUT => {
                let line = self.read_line(vm, 2)?;
                let top = self.top(vm)?;
                let index = self.parse_index(vm, &line)?;
                if index < 0 {
                    return Err(vm.new_value_error("negative PUT argument".to_owned()));
                }
                self.u
                    .memo
                    .borrow_mut()
                    .put_checked(vm, index as usize, top)?;
            }
            BINPUT => {
                let index = usize::from(self.read(vm, 1)?[0]);
                let top = self.top(vm)?;
                self.u.memo.borrow_mut().put(index, top);
            }
            LONG_BINPUT => {
                let index = binsize(self.read(vm, 4)?).unwrap_or(0);
                let top = self.top(vm)?;
                self.u.memo.borrow_mut().put_checked(vm, index, top)?;
            }
            MEMOIZE => {
                let top = self.top(vm)?;
                let mut memo = self.u.memo.borrow_mut();
                let index = memo.len();
                memo.put(index, top);
            }
            PERSID => self.load_persid(vm)?,
            BINPERSID => {
                if self.u.pers_func.borrow().is_none() {
                    return Err(no_persistent_load(vm));
                }
                let pid = self.pop(vm)?;
                let obj = self.persistent_load(vm, pid)?;
                self.stack.push(obj);
            }
            REDUCE => {
                let args = self.pop(vm)?;
                let callable = self.pop(vm)?;
                let Some(args) = abstract_::tuple_items(&args) else {
                    return Err(vm.new_type_error("argument list must be a tuple".to_owned()));
                };
                let obj = vm.call1(&callable, args)?;
                self.stack.push(obj);
            }
            PROTO => {
                let proto = self.read(vm, 1)?[0];
                if i64::from(proto) > HIGHEST_PROTOCOL {
                    return Err(vm.new_value_error(format!("unsupported pickle protocol: {proto}")));
                }
                self.u.proto.set(proto);
            }
            FRAME => {
                let bytes = self.read(vm, 8)?.to_vec();
                let Some(len) = binsize(&bytes) else {
                    return Err(vm.new_overflow_error(format!(
                        "FRAME length exceeds system's maximum of {} bytes",
                        isize::MAX
                    )));
                };
                // Read the frame in one go, then go on from its start.
                self.input.read(vm, len)?;
                self.input.pos -= len;
            }
            EXT1 => self.load_extension(vm, 1)?,
            EXT2 => self.load_extension(vm, 2)?,
            EXT4 => self.load_extension(vm, 4)?,
            _ => {
                let c = char::from(op);
                let message = if (0x20..=0x7e).contains(&op) && c != '\'' && c != '\\' {
                    format!("invalid load key, '{c}'.")
                } else {
                    format!("invalid load key, '\\x{op:02x}'.")
                };
                return Err(unpickling_error(vm, &message));
            }
        }
        Ok(())
    }

    // -- numbers

    fn load_binint(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let value = binint(self.read(vm, n)?);
        self.stack.push(Value::Int(value));
        Ok(())
    }

    /// INT's text: C's `strtol` with base 0 first (so `I01` is True), then
    /// Python's int syntax for numbers too large for it.
    fn load_int(&mut self, vm: &mut Vm) -> PyResult<()> {
        let line = self.read_line(vm, 2)?;
        let text: String = line.iter().map(|&b| char::from(b)).collect();
        if let Some(n) = strtol_base0(&text) {
            if text.len() == 2 && (n == 0 || n == 1) {
                self.stack.push(Value::Bool(n == 1));
            } else {
                self.stack.push(Value::Int(n));
            }
            return Ok(());
        }
        match int_from_text(vm, &text, 0) {
            Ok(n) => self.stack.push(n),
            Err(_) => return Err(vm.new_value_error("could not convert string to int".to_owned())),
        }
        Ok(())
    }

    fn load_long(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mut line = self.read_line(vm, 2)?;
        if line.last() == Some(&b'L') {
            line.pop();
        }
        let text: String = line.iter().map(|&b| char::from(b)).collect();
        // CPython parses with base 0 (and the newline): its message names base
        // 10 for a number without a prefix.
        let text = format!("{text}\n");
        let n = match int_from_text(vm, &text, 0) {
            Ok(n) => n,
            Err(err) => {
                let body = text.trim_start().trim_start_matches(['+', '-']);
                let prefixed = ["0x", "0X", "0o", "0O", "0b", "0B"]
                    .iter()
                    .any(|p| body.starts_with(p));
                match int_from_text(vm, &text, 10) {
                    Err(err10) if !prefixed => return Err(err10),
                    _ => return Err(err),
                }
            }
        };
        self.stack.push(n);
        Ok(())
    }

    fn load_counted_long(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let size = binint(self.read(vm, n)?);
        if size < 0 {
            return Err(unpickling_error(vm, "LONG pickle has negative byte count"));
        }
        let data = self.input.read_owned(vm, size as usize)?;
        let value = BigInt::from_signed_bytes_le(&data);
        self.stack
            .push(krait_vm::objects::int::int_from_big(vm, value));
        Ok(())
    }

    fn load_float(&mut self, vm: &mut Vm) -> PyResult<()> {
        let line = self.read_line(vm, 2)?;
        let text = String::from_utf8_lossy(&line).into_owned();
        match krait_vm::objects::float::parse_float_prefix(&text) {
            Some((x, used)) if used == text.len() => {
                self.stack.push(Value::Float(x));
                Ok(())
            }
            Some(_) => Err(vm.new_value_error("could not convert string to float".to_owned())),
            // No number at all: the message shows the line, newline included.
            None => {
                Err(vm.new_value_error(format!("could not convert string to float: '{text}\n'")))
            }
        }
    }

    // -- strings

    fn load_counted_binbytes(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let size = self.read_size(vm, n, "BINBYTES", Exc::OverflowError)?;
        let data = self.input.read_owned(vm, size)?;
        self.stack.push(vm.new_bytes(data));
        Ok(())
    }

    fn load_counted_binunicode(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let size = self.read_size(vm, n, "BINUNICODE", Exc::OverflowError)?;
        let range = self.input.read(vm, size)?;
        let data = &self.input.data[range];
        let text = match std::str::from_utf8(data) {
            Ok(text) => vm.new_str(text),
            Err(_) => {
                let data = data.to_vec();
                let text = krait_vm::objects::bytes::decode(vm, &data, "utf-8", "surrogatepass")?;
                vm.new_text(text)
            }
        };
        self.stack.push(text);
        Ok(())
    }

    /// Python 2's 8-bit strings: bytes with `encoding='bytes'`, else decoded.
    fn python2_string(&self, vm: &mut Vm, data: Vec<u8>) -> PyResult<Value> {
        let encoding = self.u.encoding.borrow().clone();
        if encoding == "bytes" {
            return Ok(vm.new_bytes(data));
        }
        let errors = self.u.errors.borrow().clone();
        decode(vm, data, &encoding, &errors)
    }

    fn load_counted_binstring(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let size = if n == 1 {
            usize::from(self.read(vm, 1)?[0])
        } else {
            self.read_size(vm, 4, "BINSTRING", Exc::ValueError)?
        };
        let range = self.input.read(vm, size)?;
        let data = self.input.data[range].to_vec();
        let value = self.python2_string(vm, data)?;
        self.stack.push(value);
        Ok(())
    }

    fn load_string(&mut self, vm: &mut Vm) -> PyResult<()> {
        let line = self.read_line(vm, 1)?;
        let quoted = line.len() >= 2
            && line[0] == line[line.len() - 1]
            && (line[0] == b'\'' || line[0] == b'"');
        if !quoted {
            return Err(unpickling_error(
                vm,
                "the STRING opcode argument must be quoted",
            ));
        }
        let inner = vm.new_bytes(line[1..line.len() - 1].to_vec());
        let codecs = krait_vm::import::import_full(vm, "_codecs")?;
        let escape_decode = abstract_::getattr_str(vm, &codecs, "escape_decode")?;
        let decoded = vm.call1(&escape_decode, vec![inner])?;
        let bytes = abstract_::tuple_items(&decoded)
            .and_then(|pair| pair.first().cloned())
            .and_then(|b| krait_vm::objects::bytes::as_bytes(&b))
            .unwrap_or_default();
        let value = self.python2_string(vm, bytes)?;
        self.stack.push(value);
        Ok(())
    }

    // -- buffers

    fn load_next_buffer(&mut self, vm: &mut Vm) -> PyResult<()> {
        let Some(buffers) = self.u.buffers.borrow().clone() else {
            return Err(unpickling_error(
                vm,
                "pickle stream refers to out-of-band data but no *buffers* argument was given",
            ));
        };
        match abstract_::iter_next(vm, &buffers)? {
            Some(buffer) => {
                self.stack.push(buffer);
                Ok(())
            }
            None => Err(unpickling_error(vm, "not enough out-of-band buffers")),
        }
    }

    /// The buffer on top becomes read-only: a memoryview of it unless it is
    /// read-only already.
    fn load_readonly_buffer(&mut self, vm: &mut Vm) -> PyResult<()> {
        let obj = self.top(vm)?;
        let memoryview = Value::Obj(vm.memoryview_type.clone());
        let view = vm.call1(&memoryview, vec![obj])?;
        let readonly = abstract_::getattr_str(vm, &view, "readonly")?;
        if !abstract_::is_true(vm, &readonly)? {
            if let Some(top) = self.stack.last_mut() {
                *top = view;
            }
        }
        Ok(())
    }

    // -- containers

    fn load_dict(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mark = self.marker(vm)?;
        let items = self.pop_from(vm, mark)?;
        if !items.len().is_multiple_of(2) {
            return Err(unpickling_error(vm, "odd number of items for DICT"));
        }
        let d = vm.new_dict();
        for pair in items.chunks(2) {
            dict::dict_set_item(vm, &d, pair[0].clone(), pair[1].clone())?;
        }
        self.stack.push(Value::Obj(d));
        Ok(())
    }

    /// APPEND(S): the items above `at` go into the list-like object below them.
    fn do_append(&mut self, vm: &mut Vm, at: usize) -> PyResult<()> {
        if at > self.stack.len() || at <= self.fence() {
            return Err(self.underflow(vm));
        }
        if at == self.stack.len() {
            return Ok(());
        }
        let list = self.stack[at - 1].clone();
        let items = self.stack.split_off(at);
        if let Value::Obj(o) = &list {
            if std::ptr::eq(o.class_ref(), &*vm.types.list) {
                if let Payload::List(cell) = &o.payload {
                    cell.borrow_mut().extend(items);
                    return Ok(());
                }
            }
        }
        if let Some(extend) = abstract_::getattr_optional(vm, &list, "extend")? {
            let items = vm.new_list(items);
            vm.call1(&extend, vec![items])?;
        } else {
            let append = abstract_::getattr_str(vm, &list, "append")?;
            for item in items {
                vm.call1(&append, vec![item])?;
            }
        }
        Ok(())
    }

    /// SETITEM(S): the key-value pairs above `at` go into the mapping below them.
    fn do_setitems(&mut self, vm: &mut Vm, at: usize) -> PyResult<()> {
        let len = self.stack.len();
        if at > len || at <= self.fence() {
            return Err(self.underflow(vm));
        }
        if at == len {
            return Ok(());
        }
        if !(len - at).is_multiple_of(2) {
            return Err(unpickling_error(vm, "odd number of items for SETITEMS"));
        }
        let target = self.stack[at - 1].clone();
        let items = self.stack.split_off(at);
        for pair in items.chunks(2) {
            abstract_::setitem(vm, &target, pair[0].clone(), pair[1].clone())?;
        }
        Ok(())
    }

    fn load_additems(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mark = self.marker(vm)?;
        let len = self.stack.len();
        if mark > len || mark <= self.fence() {
            return Err(self.underflow(vm));
        }
        if mark == len {
            return Ok(());
        }
        let set = self.stack[mark - 1].clone();
        let items = self.stack.split_off(mark);
        if matches!(&set, Value::Obj(o) if matches!(o.payload, Payload::Set(_))) {
            for item in items {
                krait_vm::objects::set::set_add(vm, &set, item)?;
            }
        } else {
            let add = abstract_::getattr_str(vm, &set, "add")?;
            for item in items {
                vm.call1(&add, vec![item])?;
            }
        }
        Ok(())
    }

    // -- objects

    /// OBJ and INST: `cls(*args)`, or `cls.__new__(cls)` for no arguments when the
    /// class has no `__getinitargs__` (old-style instances).
    fn instantiate(&self, vm: &mut Vm, cls: &Value, args: Vec<Value>) -> PyResult<Value> {
        if args.is_empty()
            && cls.as_obj().is_some_and(|o| o.type_data().is_some())
            && abstract_::getattr_optional(vm, cls, "__getinitargs__")?.is_none()
        {
            return vm.call_method(cls, "__new__", vec![cls.clone()]);
        }
        vm.call1(cls, args)
    }

    fn load_obj(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mark = self.marker(vm)?;
        if self.stack.len() < mark + 1 {
            return Err(self.underflow(vm));
        }
        let args = self.pop_from(vm, mark + 1)?;
        let cls = self.pop(vm)?;
        let obj = self.instantiate(vm, &cls, args)?;
        self.stack.push(obj);
        Ok(())
    }

    fn load_inst(&mut self, vm: &mut Vm) -> PyResult<()> {
        let mark = self.marker(vm)?;
        let module = self.read_line(vm, 2)?;
        let module = krait_vm::objects::bytes::decode(vm, &module, "ascii", "strict")?;
        let module = vm.new_text(module);
        let name = self.read_line(vm, 2)?;
        let name = krait_vm::objects::bytes::decode(vm, &name, "ascii", "strict")?;
        let name = vm.new_text(name);
        let cls = self.find_class(vm, module, name)?;
        let args = self.pop_from(vm, mark)?;
        let obj = self.instantiate(vm, &cls, args)?;
        self.stack.push(obj);
        Ok(())
    }

    fn load_newobj(&mut self, vm: &mut Vm, use_kwargs: bool) -> PyResult<()> {
        let kwargs = if use_kwargs {
            Some(self.pop(vm)?)
        } else {
            None
        };
        let args = self.pop(vm)?;
        let cls = self.pop(vm)?;
        let opname = if use_kwargs { "NEWOBJ_EX" } else { "NEWOBJ" };
        let Some(class) = cls.as_obj().filter(|o| o.type_data().is_some()) else {
            let given = vm.type_name_of(&cls);
            return Err(unpickling_error(
                vm,
                &format!("{opname} class argument must be a type, not {given}"),
            ));
        };
        if typeobject::type_data(class).slots.new.get().is_none()
            && typeobject::lookup(class, "__new__").is_none()
        {
            let name = typeobject::type_name(class);
            return Err(unpickling_error(
                vm,
                &format!("{opname} class argument '{name}' doesn't have __new__"),
            ));
        }
        let Some(args) = abstract_::tuple_items(&args) else {
            let given = vm.type_name_of(&args);
            return Err(unpickling_error(
                vm,
                &format!("{opname} args argument must be a tuple, not {given}"),
            ));
        };
        let mut kw = Vec::new();
        if let Some(kwargs) = &kwargs {
            let Some(d) = kwargs.as_obj().filter(|o| as_dict(o).is_some()) else {
                let given = vm.type_name_of(kwargs);
                return Err(unpickling_error(
                    vm,
                    &format!("{opname} kwargs argument must be a dict, not {given}"),
                ));
            };
            for (key, value) in dict::dict_items(d) {
                match &key {
                    Value::Obj(k) if as_pystr(&key).is_some() => kw.push((k.clone(), value)),
                    _ => return Err(vm.new_type_error("keywords must be strings".to_owned())),
                }
            }
        }
        let new = abstract_::getattr_str(vm, &cls, "__new__")?;
        let mut pos = vec![cls.clone()];
        pos.extend(args);
        let obj = vm.call(
            &new,
            Args {
                pos: pos.into(),
                kw,
            },
        )?;
        self.stack.push(obj);
        Ok(())
    }

    fn load_global(&mut self, vm: &mut Vm) -> PyResult<()> {
        let module = self.read_line(vm, 2)?;
        let module = krait_vm::objects::bytes::decode(vm, &module, "utf-8", "strict")?;
        let module = vm.new_text(module);
        let name = self.read_line(vm, 2)?;
        let name = krait_vm::objects::bytes::decode(vm, &name, "utf-8", "strict")?;
        let name = vm.new_text(name);
        let global = self.find_class(vm, module, name)?;
        self.stack.push(global);
        Ok(())
    }

    fn load_stack_global(&mut self, vm: &mut Vm) -> PyResult<()> {
        let name = self.pop(vm);
        let module = self.pop(vm);
        let exact_str = |vm: &Vm, v: &PyResult<Value>| matches!(v, Ok(Value::Obj(o)) if std::ptr::eq(o.class_ref(), &*vm.types.str));
        if !exact_str(vm, &name) || !exact_str(vm, &module) {
            return Err(unpickling_error(vm, "STACK_GLOBAL requires str"));
        }
        let global = self.find_class(vm, module?, name?)?;
        self.stack.push(global);
        Ok(())
    }

    fn find_class(&self, vm: &mut Vm, module: Value, name: Value) -> PyResult<Value> {
        match self.this {
            Some(this) if !is_exact_unpickler(this, &self.st) => {
                vm.call_method(this, "find_class", vec![module, name])
            }
            _ => find_class_impl(vm, self.u, &self.st, module, name),
        }
    }

    fn persistent_load(&self, vm: &mut Vm, pid: Value) -> PyResult<Value> {
        let Some(func) = self.u.pers_func.borrow().clone() else {
            return Err(no_persistent_load(vm));
        };
        match (self.u.pers_func_self.get(), self.this) {
            (true, Some(this)) => vm.call1(&func, vec![this.clone(), pid]),
            _ => vm.call1(&func, vec![pid]),
        }
    }

    fn load_persid(&mut self, vm: &mut Vm) -> PyResult<()> {
        if self.u.pers_func.borrow().is_none() {
            return Err(no_persistent_load(vm));
        }
        let line = self.read_line(vm, 1)?;
        if !line.is_ascii() {
            return Err(unpickling_error(
                vm,
                "persistent IDs in protocol 0 must be ASCII strings",
            ));
        }
        let pid = vm.new_str(String::from_utf8_lossy(&line).into_owned());
        let obj = self.persistent_load(vm, pid)?;
        self.stack.push(obj);
        Ok(())
    }

    /// BUILD: `inst.__setstate__(state)`, or the default: the state dict into
    /// `inst.__dict__` and a slot-state dict through `setattr`.
    fn load_build(&mut self, vm: &mut Vm) -> PyResult<()> {
        if self.stack.len() < self.fence() + 2 {
            return Err(self.underflow(vm));
        }
        let state = self.pop(vm)?;
        let inst = self.top(vm)?;
        if let Some(setstate) = abstract_::getattr_optional(vm, &inst, "__setstate__")? {
            vm.call1(&setstate, vec![state])?;
            return Ok(());
        }
        let (state, slotstate) = match abstract_::tuple_items(&state) {
            Some(pair) if pair.len() == 2 => (pair[0].clone(), Some(pair[1].clone())),
            _ => (state, None),
        };
        if !state.is_none() {
            let Some(d) = state.as_obj().filter(|o| as_dict(o).is_some()).cloned() else {
                return Err(unpickling_error(vm, "state is not a dictionary"));
            };
            let inst_dict = abstract_::getattr_str(vm, &inst, "__dict__")?;
            for (key, value) in dict::dict_items(&d) {
                let key = match as_pystr(&key) {
                    Some(s)
                        if key
                            .as_obj()
                            .is_some_and(|o| std::ptr::eq(o.class_ref(), &*vm.types.str)) =>
                    {
                        let text = s.as_str().to_owned();
                        Value::Obj(vm.intern(&text))
                    }
                    _ => key,
                };
                abstract_::setitem(vm, &inst_dict, key, value)?;
            }
        }
        if let Some(slotstate) = slotstate {
            let Some(d) = slotstate.as_obj().filter(|o| as_dict(o).is_some()).cloned() else {
                return Err(unpickling_error(vm, "slot state is not a dictionary"));
            };
            for (key, value) in dict::dict_items(&d) {
                let Some(name) = key.as_obj().filter(|_| as_pystr(&key).is_some()) else {
                    let given = vm.type_name_of(&key);
                    return Err(
                        vm.new_type_error(format!("attribute name must be string, not '{given}'"))
                    );
                };
                abstract_::setattr(vm, &inst, name, Some(value))?;
            }
        }
        Ok(())
    }

    fn load_extension(&mut self, vm: &mut Vm, n: usize) -> PyResult<()> {
        let code = binint(self.read(vm, n)?);
        if code <= 0 {
            return Err(unpickling_error(vm, "EXT specifies code <= 0"));
        }
        let key = Value::Int(code);
        if let Some(obj) = dict::dict_get_item(vm, &self.st.extension_cache, &key)? {
            self.stack.push(obj);
            return Ok(());
        }
        let Some(pair) = dict::dict_get_item(vm, &self.st.inverted_registry, &key)? else {
            return Err(vm.new_value_error(format!("unregistered extension code {code}")));
        };
        let names = abstract_::tuple_items(&pair)
            .filter(|p| p.len() == 2 && p.iter().all(|v| as_pystr(v).is_some()));
        let Some(names) = names else {
            return Err(vm.new_value_error(format!(
                "_inverted_registry[{code}] isn't a 2-tuple of strings"
            )));
        };
        let obj = self.find_class(vm, names[0].clone(), names[1].clone())?;
        dict::dict_set_item(vm, &self.st.extension_cache, key, obj.clone())?;
        self.stack.push(obj);
        Ok(())
    }

    // -- the memo

    fn parse_index(&self, vm: &mut Vm, line: &[u8]) -> PyResult<i64> {
        let mut text: String = line.iter().map(|&b| char::from(b)).collect();
        text.push('\n');
        let n = int_from_text(vm, &text, 10)?;
        match krait_vm::objects::int::as_i64(&n) {
            Some(n) => Ok(n),
            None => {
                Err(vm
                    .new_overflow_error("Python int too large to convert to C ssize_t".to_owned()))
            }
        }
    }

    /// GET: the memo's object at `index` onto the stack.
    fn push_memo(&mut self, vm: &mut Vm, index: i64) -> PyResult<()> {
        let value = usize::try_from(index)
            .ok()
            .and_then(|i| self.u.memo.borrow().get(i).cloned());
        match value {
            Some(value) => {
                self.stack.push(value);
                Ok(())
            }
            None => Err(unpickling_error(
                vm,
                &format!("Memo value not found at index {index}"),
            )),
        }
    }
}

/// `data.decode(encoding, errors)`, through the codec registry.
fn decode(vm: &mut Vm, data: Vec<u8>, encoding: &str, errors: &str) -> PyResult<Value> {
    let data = vm.new_bytes(data);
    let encoding = vm.new_str(encoding);
    let errors = vm.new_str(errors);
    vm.call_method(&data, "decode", vec![encoding, errors])
}

fn no_persistent_load(vm: &mut Vm) -> PyErr {
    unpickling_error(
        vm,
        "A load persistent id instruction was encountered,\nbut no persistent_load function was specified.",
    )
}

/// `int(text, base)`, with Python's syntax and messages.
fn int_from_text(vm: &mut Vm, text: &str, base: i64) -> PyResult<Value> {
    let int = Value::Obj(vm.types.int.clone());
    let text = vm.new_str(text);
    vm.call1(&int, vec![text, Value::Int(base)])
}

/// C's `strtol(text, &end, 0)` over the whole text: optional blanks and sign, then
/// hex after `0x`, octal after `0`, decimal otherwise; `None` unless it reads all
/// of it and fits.
fn strtol_base0(text: &str) -> Option<i64> {
    let t = text.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let (radix, digits) = if t.len() > 2 && (t.starts_with("0x") || t.starts_with("0X")) {
        (16, &t[2..])
    } else if t.len() > 1 && t.starts_with('0') {
        (8, &t[1..])
    } else {
        (10, t)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = i128::from_str_radix(digits, radix).ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// Whether `this` is a plain `Unpickler`, whose `find_class` is this module's.
fn is_exact_unpickler(this: &Value, st: &PickleState) -> bool {
    matches!(this, Value::Obj(o) if std::ptr::eq(o.class_ref(), &*st.unpickler_type))
}

/// `Unpickler.find_class`: Python 2 names mapped to Python 3's for old protocols,
/// then the module imported and the (dotted, from protocol 4) name looked up.
pub(super) fn find_class_impl(
    vm: &mut Vm,
    u: &Unpickler,
    st: &PickleState,
    module: Value,
    name: Value,
) -> PyResult<Value> {
    let (mut module, mut name) = (module, name);
    if u.proto.get() < 3 && u.fix_imports.get() {
        let key = vm.new_tuple(vec![module.clone(), name.clone()]);
        if let Some(item) = dict::dict_get_item(vm, &st.name_mapping_2to3, &key)? {
            let Some(pair) = abstract_::tuple_items(&item).filter(|p| p.len() == 2) else {
                let given = vm.type_name_of(&item);
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.NAME_MAPPING values should be 2-tuples, not {given}"
                )));
            };
            if as_pystr(&pair[0]).is_none() || as_pystr(&pair[1]).is_none() {
                let (a, b) = (vm.type_name_of(&pair[0]), vm.type_name_of(&pair[1]));
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.NAME_MAPPING values should be pairs of str, not ({a}, {b})"
                )));
            }
            (module, name) = (pair[0].clone(), pair[1].clone());
        } else if let Some(item) = dict::dict_get_item(vm, &st.import_mapping_2to3, &module)? {
            if as_pystr(&item).is_none() {
                let given = vm.type_name_of(&item);
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.IMPORT_MAPPING values should be strings, not {given}"
                )));
            }
            module = item;
        }
    }
    let Some(module_name) = as_pystr(&module).map(|s| s.as_str().to_owned()) else {
        let given = vm.type_name_of(&module);
        return Err(vm.new_type_error(format!("module name must be str, not {given}")));
    };
    let module = krait_vm::import::import_full(vm, &module_name)?;
    get_attribute(vm, &module, &name, u.proto.get() >= 4)
}

/// Runs the machine over the unpickler's input, handing the input back after.
pub(super) fn load(vm: &mut Vm, u: &Unpickler, this: Option<&Value>) -> PyResult<Value> {
    let st = state(vm)?;
    let input = std::mem::take(&mut *u.input.borrow_mut());
    u.proto.set(0);
    let mut machine = Machine {
        u,
        this,
        st,
        input,
        stack: Vec::new(),
        marks: Vec::new(),
    };
    let result = machine
        .run(vm)
        .and_then(|value| machine.input.skip_consumed(vm).map(|()| value));
    *u.input.borrow_mut() = machine.input;
    result
}
