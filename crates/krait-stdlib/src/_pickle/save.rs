//! Saving objects: how `Pickler.dump` walks an object graph.
//!
//! `save` dispatches on the object's exact type: None, bools, ints and floats are
//! written as they are (never memoised); everything else is first looked up in the
//! memo, so an object met again is fetched with GET instead of written twice. The
//! builtin containers, str and bytes have their own writers; other objects are
//! reduced (`reducer_override`, the dispatch table, `__reduce_ex__`) to a callable
//! and its arguments, which `save_reduce` writes, or to the name of a global,
//! which `save_global` writes as a reference to import.

use std::rc::Rc;

use krait_vm::native::native_data;
use krait_vm::objects::dict::{self, as_dict};
use krait_vm::objects::function::Args;
use krait_vm::objects::str::as_pystr;
use krait_vm::objects::typeobject::{self, type_data};
use krait_vm::{abstract_, Exc, ObjRef, Payload, PyResult, Value, Vm};
use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::buffer::PickleBuffer;
use super::opcodes::*;
use super::pickler::Pickler;
use super::{pickling_error, repr_of, str_of, PickleState};

/// One `dump`: the pickler, the object it belongs to (whose methods
/// `persistent_id` may be) and the module state.
pub(crate) struct Dumper<'a> {
    pub(crate) p: &'a Pickler,
    pub(crate) this: Option<&'a Value>,
    pub(crate) st: Rc<PickleState>,
}

pub(crate) fn is_exact(o: &ObjRef, ty: &ObjRef) -> bool {
    std::ptr::eq(o.class_ref(), &**ty)
}

impl Dumper<'_> {
    pub(crate) fn dump(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        let reducer_override = match self.this {
            Some(this) => abstract_::getattr_optional(vm, this, "reducer_override")?,
            None => None,
        };
        *p.reducer_override.borrow_mut() = reducer_override;
        let proto = p.proto.get();
        if proto >= 2 {
            p.write(&[PROTO, proto]);
            if proto >= 4 {
                p.framing.set(true);
            }
        }
        let result = self.save(vm, obj, false).map(|()| {
            p.op(STOP);
            p.commit_frame();
        });
        p.framing.set(false);
        // The override is often a method of the pickler: drop the cycle.
        p.reducer_override.borrow_mut().take();
        result
    }

    fn save(&self, vm: &mut Vm, obj: &Value, pers_save: bool) -> PyResult<()> {
        let p = self.p;
        p.opcode_boundary(vm)?;
        if !pers_save && p.pers_func.borrow().is_some() && self.save_pers(vm, obj)? {
            return Ok(());
        }
        let o = match obj {
            Value::None => {
                p.op(NONE);
                return Ok(());
            }
            Value::Bool(b) => {
                self.save_bool(*b);
                return Ok(());
            }
            Value::Int(n) => return self.save_long(vm, &Small(*n)),
            Value::Float(x) => {
                self.save_float(*x);
                return Ok(());
            }
            Value::Obj(o) => o,
        };
        let types = &vm.types;
        if is_exact(o, &types.int) {
            if let Payload::Int(n) = &o.payload {
                return self.save_long(vm, &Big(n));
            }
        }
        if is_exact(o, &types.float) {
            let x = krait_vm::objects::float::as_f64(obj).unwrap_or(0.0);
            self.save_float(x);
            return Ok(());
        }
        if p.in_memo(obj) {
            return p.memo_get(vm, obj);
        }
        if is_exact(o, &types.bytes) {
            return self.save_bytes(vm, obj, o);
        }
        if is_exact(o, &types.str) {
            return self.save_unicode(vm, obj);
        }
        vm.enter_recursive_call(" while pickling an object")?;
        let result = self.save_other(vm, obj, o);
        vm.leave_recursive_call();
        result
    }

    /// Objects that may contain others: the builtin containers, then everything
    /// reduced.
    fn save_other(&self, vm: &mut Vm, obj: &Value, o: &ObjRef) -> PyResult<()> {
        let types = &vm.types;
        if is_exact(o, &types.dict) {
            return self.save_dict(vm, obj);
        }
        if is_exact(o, &types.set) {
            return self.save_set(vm, obj);
        }
        if is_exact(o, &types.frozenset) {
            return self.save_frozenset(vm, obj);
        }
        if is_exact(o, &types.list) {
            return self.save_list(vm, obj);
        }
        if is_exact(o, &types.tuple) {
            return self.save_tuple(vm, obj);
        }
        if is_exact(o, &types.bytearray) {
            return self.save_bytearray(vm, obj);
        }
        if is_exact(o, &self.st.buffer_type) {
            return self.save_picklebuffer(vm, obj);
        }
        let reducer_override = self.p.reducer_override.borrow().clone();
        if let Some(reducer_override) = reducer_override {
            let reduced = vm.call1(&reducer_override, vec![obj.clone()])?;
            if !abstract_::is_not_implemented(vm, &reduced) {
                return self.save_reduced(vm, obj, reduced);
            }
        }
        let types = &vm.types;
        if is_exact(o, &types.type_) {
            return self.save_type(vm, obj);
        }
        if is_exact(o, &types.function) {
            return self.save_global(vm, obj, None);
        }
        let class = o.class();
        let class_value = Value::Obj(class.clone());
        let dispatch_table = self.p.dispatch_table.borrow().clone();
        let reducer = match dispatch_table {
            None => dict::dict_get_item(vm, &self.st.dispatch_table, &class_value)?,
            Some(table) => match abstract_::getitem(vm, &table, &class_value) {
                Ok(reducer) => Some(reducer),
                Err(err) if vm.err_matches(&err, Exc::KeyError) => None,
                Err(err) => return Err(err),
            },
        };
        let reduced = if let Some(reducer) = reducer {
            vm.call1(&reducer, vec![obj.clone()])?
        } else if typeobject::is_subtype(&class, &vm.types.type_.clone()) {
            return self.save_global(vm, obj, None);
        } else if let Some(reduce_ex) = abstract_::getattr_optional(vm, obj, "__reduce_ex__")? {
            let proto = Value::Int(i64::from(self.p.proto.get()));
            vm.call1(&reduce_ex, vec![proto])?
        } else if let Some(reduce) = abstract_::getattr_optional(vm, obj, "__reduce__")? {
            vm.call1(&reduce, vec![])?
        } else {
            let name = typeobject::type_name(&class);
            let shown = repr_of(vm, obj);
            return Err(pickling_error(
                vm,
                &format!("can't pickle '{name}' object: {shown}"),
            ));
        };
        self.save_reduced(vm, obj, reduced)
    }

    /// What a reducer returned: a global's name, or a tuple for `save_reduce`.
    fn save_reduced(&self, vm: &mut Vm, obj: &Value, reduced: Value) -> PyResult<()> {
        if as_pystr(&reduced).is_some() {
            return self.save_global(vm, obj, Some(reduced));
        }
        if abstract_::tuple_items(&reduced).is_none() {
            return Err(pickling_error(
                vm,
                "__reduce__ must return a string or tuple",
            ));
        }
        self.save_reduce(vm, &reduced, Some(obj))
    }

    /// `persistent_id(obj)`; true when it gave an id, which is then written.
    fn save_pers(&self, vm: &mut Vm, obj: &Value) -> PyResult<bool> {
        let p = self.p;
        let Some(func) = p.pers_func.borrow().clone() else {
            return Ok(false);
        };
        let pid = match (p.pers_func_self.get(), self.this) {
            (true, Some(this)) => vm.call1(&func, vec![this.clone(), obj.clone()])?,
            _ => vm.call1(&func, vec![obj.clone()])?,
        };
        if pid.is_none() {
            return Ok(false);
        }
        if p.bin.get() != 0 {
            self.save(vm, &pid, true)?;
            p.op(BINPERSID);
        } else {
            let text = abstract_::str_(vm, &pid)?;
            let Some(text) = as_pystr(&text).filter(|s| s.is_ascii()) else {
                return Err(pickling_error(
                    vm,
                    "persistent IDs in protocol 0 must be ASCII strings",
                ));
            };
            p.op(PERSID);
            p.write(text.as_str().as_bytes());
            p.write(b"\n");
        }
        Ok(true)
    }

    fn save_bool(&self, b: bool) {
        if self.p.proto.get() >= 2 {
            self.p.op(if b { NEWTRUE } else { NEWFALSE });
        } else {
            self.p.write(if b { b"I01\n" } else { b"I00\n" });
        }
    }

    fn save_long(&self, vm: &mut Vm, n: &dyn IntValue) -> PyResult<()> {
        let p = self.p;
        if let Some(small) = n.small().filter(|v| i32::try_from(*v).is_ok()) {
            if p.bin.get() != 0 {
                let bytes = (small as i32).to_le_bytes();
                if bytes[2] != 0 || bytes[3] != 0 {
                    p.write(&[BININT, bytes[0], bytes[1], bytes[2], bytes[3]]);
                } else if bytes[1] != 0 {
                    p.write(&[BININT2, bytes[0], bytes[1]]);
                } else {
                    p.write(&[BININT1, bytes[0]]);
                }
            } else {
                p.write(format!("I{small}\n").as_bytes());
            }
            return Ok(());
        }
        let big = n.big();
        if p.proto.get() >= 2 {
            if big.is_zero() {
                p.write(&[LONG1, 0]);
                return Ok(());
            }
            let bytes = big.to_signed_bytes_le();
            if bytes.len() > 0x7fff_ffff {
                return Err(vm.new_overflow_error("int too large to pickle".to_owned()));
            }
            if bytes.len() < 256 {
                p.write(&[LONG1, bytes.len() as u8]);
            } else {
                let mut header = vec![LONG4];
                header.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                p.write(&header);
            }
            p.write(&bytes);
        } else {
            let text = krait_vm::objects::int::big_to_decimal(vm, &big)?;
            p.op(LONG);
            p.write(text.as_bytes());
            p.write(b"L\n");
        }
        Ok(())
    }

    fn save_float(&self, x: f64) {
        let p = self.p;
        if p.bin.get() != 0 {
            let mut op = vec![BINFLOAT];
            op.extend_from_slice(&x.to_be_bytes());
            p.write(&op);
        } else {
            p.op(FLOAT);
            p.write(krait_vm::objects::float::float_repr(x).as_bytes());
            p.write(b"\n");
        }
    }

    fn save_bytes(&self, vm: &mut Vm, obj: &Value, o: &ObjRef) -> PyResult<()> {
        let Payload::Bytes(data) = &o.payload else {
            return Err(vm.new_type_error("expected bytes".to_owned()));
        };
        if self.p.proto.get() >= 3 {
            return self.save_bytes_data(vm, obj, data);
        }
        // Older protocols have no bytes opcode: `codecs.encode(latin1_text,
        // 'latin1')` gives bytes under Python 3 and a str under Python 2.
        let reduced = if data.is_empty() {
            let args = vm.new_tuple(vec![]);
            vm.new_tuple(vec![Value::Obj(vm.types.bytes.clone()), args])
        } else {
            let text: String = data.iter().map(|&b| char::from(b)).collect();
            let text = vm.new_str(text);
            let encoding = vm.new_str("latin1");
            let args = vm.new_tuple(vec![text, encoding]);
            vm.new_tuple(vec![self.st.codecs_encode.clone(), args])
        };
        self.save_reduce(vm, &reduced, Some(obj))
    }

    fn save_bytes_data(&self, vm: &mut Vm, obj: &Value, data: &[u8]) -> PyResult<()> {
        let size = data.len();
        let header = if size <= 0xff {
            vec![SHORT_BINBYTES, size as u8]
        } else if size <= 0xffff_ffff {
            let mut h = vec![BINBYTES];
            h.extend_from_slice(&(size as u32).to_le_bytes());
            h
        } else if self.p.proto.get() >= 4 {
            let mut h = vec![BINBYTES8];
            h.extend_from_slice(&(size as u64).to_le_bytes());
            h
        } else {
            return Err(vm.new_overflow_error(
                "serializing a bytes object larger than 4 GiB requires pickle protocol 4 or higher"
                    .to_owned(),
            ));
        };
        self.p.write_bytes(vm, &header, data, Some(obj))?;
        self.p.memo_put(vm, obj)
    }

    fn save_bytearray_data(&self, vm: &mut Vm, obj: &Value, data: &[u8]) -> PyResult<()> {
        let mut header = vec![BYTEARRAY8];
        header.extend_from_slice(&(data.len() as u64).to_le_bytes());
        self.p.write_bytes(vm, &header, data, None)?;
        self.p.memo_put(vm, obj)
    }

    fn save_bytearray(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let data = krait_vm::objects::bytes::as_bytes(obj).unwrap_or_default();
        if self.p.proto.get() >= 5 {
            return self.save_bytearray_data(vm, obj, &data);
        }
        let bytearray = Value::Obj(vm.types.bytearray.clone());
        let args = if data.is_empty() {
            vm.new_tuple(vec![])
        } else {
            let bytes = vm.new_bytes(data);
            vm.new_tuple(vec![bytes])
        };
        let reduced = vm.new_tuple(vec![bytearray, args]);
        self.save_reduce(vm, &reduced, Some(obj))
    }

    fn save_picklebuffer(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        if self.p.proto.get() < 5 {
            return Err(pickling_error(
                vm,
                "PickleBuffer can only pickled with protocol >= 5",
            ));
        }
        let Some(buffer) = native_data::<PickleBuffer>(obj) else {
            return Err(vm.new_type_error("expected a PickleBuffer".to_owned()));
        };
        let (data, readonly) = buffer.contents(vm)?;
        let callback = self.p.buffer_callback.borrow().clone();
        let in_band = match callback {
            Some(callback) => {
                let answer = vm.call1(&callback, vec![obj.clone()])?;
                abstract_::is_true(vm, &answer)?
            }
            None => true,
        };
        if in_band {
            if readonly {
                self.save_bytes_data(vm, obj, &data)
            } else {
                self.save_bytearray_data(vm, obj, &data)
            }
        } else {
            self.p.op(NEXT_BUFFER);
            if readonly {
                self.p.op(READONLY_BUFFER);
            }
            Ok(())
        }
    }

    fn save_unicode(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        let Some(s) = as_pystr(obj) else {
            return Err(vm.new_type_error("expected str".to_owned()));
        };
        if p.bin.get() != 0 {
            // Lone surrogates are written as UTF-8 would write them
            // (`surrogatepass`), as CPython does.
            let encoded;
            let data: &[u8] = if s.has_surrogates() {
                encoded = krait_vm::objects::str_methods::encode(vm, s, "utf-8", "surrogatepass")?;
                &encoded
            } else {
                s.as_str().as_bytes()
            };
            let size = data.len();
            let header = if size <= 0xff && p.proto.get() >= 4 {
                vec![SHORT_BINUNICODE, size as u8]
            } else if size <= 0xffff_ffff {
                let mut h = vec![BINUNICODE];
                h.extend_from_slice(&(size as u32).to_le_bytes());
                h
            } else if p.proto.get() >= 4 {
                let mut h = vec![BINUNICODE8];
                h.extend_from_slice(&(size as u64).to_le_bytes());
                h
            } else {
                return Err(vm.new_overflow_error(
                    "serializing a string larger than 4 GiB requires pickle protocol 4 or higher"
                        .to_owned(),
                ));
            };
            p.write_bytes(vm, &header, data, None)?;
        } else {
            p.op(UNICODE);
            p.write(&raw_unicode_escape(s.code_points()));
            p.write(b"\n");
        }
        p.memo_put(vm, obj)
    }

    fn save_tuple(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        let items = abstract_::tuple_items(obj).unwrap_or_default();
        let proto = p.proto.get();
        if items.is_empty() {
            if proto > 0 {
                p.op(EMPTY_TUPLE);
            } else {
                p.write(&[MARK, TUPLE]);
            }
            return Ok(());
        }
        // The tuple is not in the memo yet; if it is once its items are written,
        // one of them contained it: the items are popped again and the tuple
        // fetched from the memo.
        if items.len() <= 3 && proto >= 2 {
            for item in &items {
                self.save(vm, item, false)?;
            }
            if p.in_memo(obj) {
                for _ in &items {
                    p.op(POP);
                }
                return p.memo_get(vm, obj);
            }
            p.op([EMPTY_TUPLE, TUPLE1, TUPLE2, TUPLE3][items.len()]);
            return p.memo_put(vm, obj);
        }
        p.op(MARK);
        for item in &items {
            self.save(vm, item, false)?;
        }
        if p.in_memo(obj) {
            if p.bin.get() != 0 {
                p.op(POP_MARK);
            } else {
                for _ in 0..=items.len() {
                    p.op(POP);
                }
            }
            return p.memo_get(vm, obj);
        }
        p.op(TUPLE);
        p.memo_put(vm, obj)
    }

    fn save_list(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.fast.get() != 0 {
            p.fast_enter(vm, obj)?;
        }
        let result = self.save_list_body(vm, obj);
        if p.fast.get() != 0 {
            p.fast_leave(obj);
        }
        result
    }

    fn save_list_body(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.bin.get() != 0 {
            p.op(EMPTY_LIST);
        } else {
            p.write(&[MARK, LIST]);
        }
        p.memo_put(vm, obj)?;
        let len = krait_vm::objects::list::list_cell(obj).map_or(0, |l| l.borrow().len());
        if len == 0 {
            return Ok(());
        }
        vm.enter_recursive_call(" while pickling an object")?;
        let result = if p.proto.get() > 0 {
            self.batch_list_exact(vm, obj)
        } else {
            abstract_::get_iter(vm, obj).and_then(|it| self.batch_list(vm, &it))
        };
        vm.leave_recursive_call();
        result
    }

    /// The items of an exact list, read live (a reducer may change the list).
    fn batch_list_exact(&self, vm: &mut Vm, list: &Value) -> PyResult<()> {
        let p = self.p;
        let item_at = |i: usize| {
            krait_vm::objects::list::list_cell(list).and_then(|l| l.borrow().get(i).cloned())
        };
        let len = || krait_vm::objects::list::list_cell(list).map_or(0, |l| l.borrow().len());
        if len() == 1 {
            let item = item_at(0).unwrap_or(Value::None);
            self.save(vm, &item, false)?;
            p.op(APPEND);
            return Ok(());
        }
        let mut total = 0;
        loop {
            let mut batch = 0;
            p.op(MARK);
            while let Some(item) = item_at(total) {
                self.save(vm, &item, false)?;
                total += 1;
                batch += 1;
                if batch == BATCHSIZE {
                    break;
                }
            }
            p.op(APPENDS);
            if total >= len() {
                return Ok(());
            }
        }
    }

    /// Items from an iterator, in batches of MARK ... APPENDS (APPEND each for
    /// protocol 0, and for a lone item).
    fn batch_list(&self, vm: &mut Vm, iter: &Value) -> PyResult<()> {
        let p = self.p;
        if p.proto.get() == 0 {
            while let Some(item) = abstract_::iter_next(vm, iter)? {
                self.save(vm, &item, false)?;
                p.op(APPEND);
            }
            return Ok(());
        }
        loop {
            let Some(first) = abstract_::iter_next(vm, iter)? else {
                return Ok(());
            };
            let Some(mut next) = abstract_::iter_next(vm, iter)? else {
                self.save(vm, &first, false)?;
                p.op(APPEND);
                return Ok(());
            };
            p.op(MARK);
            self.save(vm, &first, false)?;
            let mut n = 1;
            loop {
                self.save(vm, &next, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                match abstract_::iter_next(vm, iter)? {
                    Some(item) => next = item,
                    None => break,
                }
            }
            p.op(APPENDS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }

    fn save_dict(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.fast.get() != 0 {
            p.fast_enter(vm, obj)?;
        }
        let result = self.save_dict_body(vm, obj);
        if p.fast.get() != 0 {
            p.fast_leave(obj);
        }
        result
    }

    fn save_dict_body(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.bin.get() != 0 {
            p.op(EMPTY_DICT);
        } else {
            p.write(&[MARK, DICT]);
        }
        p.memo_put(vm, obj)?;
        let Some(d) = obj.as_obj().filter(|o| as_dict(o).is_some()).cloned() else {
            return Ok(());
        };
        if dict::dict_len(&d) == 0 {
            return Ok(());
        }
        vm.enter_recursive_call(" while pickling an object")?;
        let result = if p.proto.get() > 0 && is_exact(&d, &vm.types.dict) {
            self.batch_dict_exact(vm, &d)
        } else {
            vm.call_method(obj, "items", vec![])
                .and_then(|items| abstract_::get_iter(vm, &items))
                .and_then(|it| self.batch_dict(vm, &it))
        };
        vm.leave_recursive_call();
        result
    }

    /// The items of an exact dict, in batches; the dict may not change size meanwhile.
    fn batch_dict_exact(&self, vm: &mut Vm, d: &ObjRef) -> PyResult<()> {
        let p = self.p;
        let size = dict::dict_len(d);
        let entry_from = |pos: usize| {
            as_dict(d).and_then(|data| {
                data.borrow()
                    .entry_from(pos)
                    .map(|(next, e)| (next, e.key.clone(), e.value.clone()))
            })
        };
        if size == 1 {
            if let Some((_, key, value)) = entry_from(0) {
                self.save(vm, &key, false)?;
                self.save(vm, &value, false)?;
            }
            p.op(SETITEM);
            return Ok(());
        }
        let mut pos = 0;
        loop {
            let mut batch = 0;
            p.op(MARK);
            while let Some((next, key, value)) = entry_from(pos) {
                pos = next;
                self.save(vm, &key, false)?;
                self.save(vm, &value, false)?;
                batch += 1;
                if batch == BATCHSIZE {
                    break;
                }
            }
            p.op(SETITEMS);
            if dict::dict_len(d) != size {
                return Err(
                    vm.new_runtime_error("dictionary changed size during iteration".to_owned())
                );
            }
            if batch != BATCHSIZE {
                return Ok(());
            }
        }
    }

    /// `(key, value)` pairs from an iterator, in batches of MARK ... SETITEMS.
    fn batch_dict(&self, vm: &mut Vm, iter: &Value) -> PyResult<()> {
        let p = self.p;
        let next_pair = |vm: &mut Vm| -> PyResult<Option<(Value, Value)>> {
            let Some(item) = abstract_::iter_next(vm, iter)? else {
                return Ok(None);
            };
            match abstract_::tuple_items(&item) {
                Some(pair) if pair.len() == 2 => Ok(Some((pair[0].clone(), pair[1].clone()))),
                _ => Err(vm.new_type_error("dict items iterator must return 2-tuples".to_owned())),
            }
        };
        if p.proto.get() == 0 {
            while let Some((key, value)) = next_pair(vm)? {
                self.save(vm, &key, false)?;
                self.save(vm, &value, false)?;
                p.op(SETITEM);
            }
            return Ok(());
        }
        loop {
            let Some(first) = next_pair(vm)? else {
                return Ok(());
            };
            let Some(mut next) = next_pair(vm)? else {
                self.save(vm, &first.0, false)?;
                self.save(vm, &first.1, false)?;
                p.op(SETITEM);
                return Ok(());
            };
            p.op(MARK);
            self.save(vm, &first.0, false)?;
            self.save(vm, &first.1, false)?;
            let mut n = 1;
            loop {
                self.save(vm, &next.0, false)?;
                self.save(vm, &next.1, false)?;
                n += 1;
                if n == BATCHSIZE {
                    break;
                }
                match next_pair(vm)? {
                    Some(pair) => next = pair,
                    None => break,
                }
            }
            p.op(SETITEMS);
            if n != BATCHSIZE {
                return Ok(());
            }
        }
    }

    /// The (class, (items,)) reduction older protocols use for sets and frozensets.
    fn save_set_reduced(&self, vm: &mut Vm, obj: &Value, class: ObjRef) -> PyResult<()> {
        let items = krait_vm::objects::set::set_items(obj).unwrap_or_default();
        let items = vm.new_list(items);
        let args = vm.new_tuple(vec![items]);
        let reduced = vm.new_tuple(vec![Value::Obj(class), args]);
        self.save_reduce(vm, &reduced, Some(obj))
    }

    fn save_set(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.proto.get() < 4 {
            let class = vm.types.set.clone();
            return self.save_set_reduced(vm, obj, class);
        }
        p.op(EMPTY_SET);
        p.memo_put(vm, obj)?;
        let size = krait_vm::objects::set::set_len(obj);
        if size == 0 {
            return Ok(());
        }
        let next_from = |pos: usize| {
            krait_vm::objects::set::set_ref(obj).and_then(|s| s.read(|d| d.next_from(pos)))
        };
        let mut pos = 0;
        loop {
            let mut batch = 0;
            p.op(MARK);
            while let Some((next, item)) = next_from(pos) {
                pos = next;
                self.save(vm, &item, false)?;
                batch += 1;
                if batch == BATCHSIZE {
                    break;
                }
            }
            p.op(ADDITEMS);
            if krait_vm::objects::set::set_len(obj) != size {
                return Err(vm.new_runtime_error("set changed size during iteration".to_owned()));
            }
            if batch != BATCHSIZE {
                return Ok(());
            }
        }
    }

    fn save_frozenset(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let p = self.p;
        if p.fast.get() != 0 {
            p.fast_enter(vm, obj)?;
        }
        if p.proto.get() < 4 {
            let class = vm.types.frozenset.clone();
            return self.save_set_reduced(vm, obj, class);
        }
        p.op(MARK);
        for item in krait_vm::objects::set::set_items(obj).unwrap_or_default() {
            self.save(vm, &item, false)?;
        }
        if p.in_memo(obj) {
            p.op(POP_MARK);
            return p.memo_get(vm, obj);
        }
        p.op(FROZENSET);
        p.memo_put(vm, obj)
    }

    /// `type(None)` and the other singletons' types have no name to import by:
    /// they are written as `type(None)`.
    fn save_type(&self, vm: &mut Vm, obj: &Value) -> PyResult<()> {
        let singleton = {
            let types = &vm.types;
            let Some(o) = obj.as_obj() else {
                return self.save_global(vm, obj, None);
            };
            if Rc::ptr_eq(o, &types.none_type) {
                Some(Value::None)
            } else if Rc::ptr_eq(o, &types.ellipsis_type) {
                Some(vm.ellipsis())
            } else if Rc::ptr_eq(o, &types.not_implemented_type) {
                Some(vm.not_implemented())
            } else {
                None
            }
        };
        match singleton {
            Some(singleton) => {
                let args = vm.new_tuple(vec![singleton]);
                let reduced = vm.new_tuple(vec![Value::Obj(vm.types.type_.clone()), args]);
                self.save_reduce(vm, &reduced, Some(obj))
            }
            None => self.save_global(vm, obj, None),
        }
    }
}

/// An int to write: unboxed, or a big int's digits.
trait IntValue {
    fn small(&self) -> Option<i64>;
    fn big(&self) -> BigInt;
}

struct Small(i64);
struct Big<'a>(&'a BigInt);

impl IntValue for Small {
    fn small(&self) -> Option<i64> {
        Some(self.0)
    }
    fn big(&self) -> BigInt {
        BigInt::from(self.0)
    }
}

impl IntValue for Big<'_> {
    fn small(&self) -> Option<i64> {
        self.0.to_i64()
    }
    fn big(&self) -> BigInt {
        self.0.clone()
    }
}

/// The text of protocol 0's UNICODE opcode: `raw_unicode_escape` that also escapes
/// the backslash, NUL, newlines and Ctrl-Z, which would end or garble the line.
fn raw_unicode_escape(code_points: impl Iterator<Item = u32>) -> Vec<u8> {
    let mut out = Vec::new();
    for c in code_points {
        if c >= 0x10000 {
            out.extend_from_slice(format!("\\U{c:08x}").as_bytes());
        } else if c >= 256 || matches!(c, 0x5c | 0 | 0x0a | 0x0d | 0x1a) {
            out.extend_from_slice(format!("\\u{c:04x}").as_bytes());
        } else {
            out.push(c as u8);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Globals and reductions

/// `name` split at its dots; a `<locals>` part cannot be imported.
fn dotted_path(vm: &mut Vm, parent: Option<&Value>, name: &Value) -> PyResult<Vec<Value>> {
    let Some(text) = as_pystr(name) else {
        let given = vm.type_name_of(name);
        return Err(vm.new_type_error(format!("must be str, not {given}")));
    };
    let parts: Vec<String> = text.as_str().split('.').map(str::to_owned).collect();
    if parts.iter().any(|part| part == "<locals>") {
        let shown = repr_of(vm, name);
        return Err(match parent {
            None => vm.new_attribute_error(format!("Can't pickle local object {shown}")),
            Some(parent) => {
                let parent = repr_of(vm, parent);
                vm.new_attribute_error(format!("Can't pickle local attribute {shown} on {parent}"))
            }
        });
    }
    Ok(parts.into_iter().map(|part| vm.new_str(part)).collect())
}

/// Follows `path` from `obj`: the attribute and its parent, or `None` if one is
/// missing.
fn deep_attribute(vm: &mut Vm, obj: &Value, path: &[Value]) -> PyResult<Option<(Value, Value)>> {
    let mut parent = obj.clone();
    let mut current = obj.clone();
    for name in path {
        parent = current;
        let name = abstract_::value_as_str(name).unwrap_or("").to_owned();
        match abstract_::getattr_optional(vm, &parent, &name)? {
            Some(attr) => current = attr,
            None => return Ok(None),
        }
    }
    Ok(Some((current, parent)))
}

/// `getattr(module, dotted name)` for `Unpickler.find_class`: `Can't get
/// attribute ...` when missing.
pub(crate) fn get_attribute(
    vm: &mut Vm,
    module: &Value,
    name: &Value,
    qualified: bool,
) -> PyResult<Value> {
    let found = if qualified {
        let path = dotted_path(vm, Some(module), name)?;
        deep_attribute(vm, module, &path)?.map(|(attr, _)| attr)
    } else {
        let text = abstract_::value_as_str(name).unwrap_or("").to_owned();
        abstract_::getattr_optional(vm, module, &text)?
    };
    match found {
        Some(attr) => Ok(attr),
        None => {
            let name = repr_of(vm, name);
            let module = repr_of(vm, module);
            Err(vm.new_attribute_error(format!("Can't get attribute {name} on {module}")))
        }
    }
}

/// The module `obj` belongs to: its `__module__`, else the first module in
/// `sys.modules` that has it at `path`, else `__main__`.
fn which_module(vm: &mut Vm, obj: &Value, path: &[Value]) -> PyResult<Value> {
    if let Some(name) = abstract_::getattr_optional(vm, obj, "__module__")? {
        if !name.is_none() {
            return Ok(name);
        }
    }
    let modules = vm.modules.clone();
    for (name, module) in dict::dict_items(&modules) {
        if module.is_none() || abstract_::value_as_str(&name) == Some("__main__") {
            continue;
        }
        if let Some((candidate, _)) = deep_attribute(vm, &module, path)? {
            if candidate.is(obj) {
                return Ok(name);
            }
        }
    }
    Ok(vm.new_str("__main__"))
}

/// The str object CPython's pickler would be holding for a module name, so that
/// the memo shares it where CPython's does. CPython's module names are interned
/// (the keys of `sys.modules`, `__name__`, the `__module__` of classes and
/// functions), except the name its C functions hold: one str per module, apart
/// from the interned one (`[getattr, int]` writes "builtins" twice).
fn canonical_module_name(vm: &mut Vm, st: &PickleState, obj: &Value, name: Value) -> Value {
    let Some(text) = name
        .as_obj()
        .filter(|o| is_exact(o, &vm.types.str))
        .and_then(|o| abstract_::obj_as_str(o))
        .map(str::to_owned)
    else {
        return name;
    };
    let c_function =
        matches!(obj, Value::Obj(o) if matches!(o.payload, Payload::BuiltinFunction(_)));
    if !c_function {
        return Value::Obj(vm.intern(&text));
    }
    let mut names = st.c_module_names.borrow_mut();
    names
        .entry(text)
        .or_insert_with_key(|text| vm.new_str(text.as_str()))
        .clone()
}

impl Dumper<'_> {
    fn save_global(&self, vm: &mut Vm, obj: &Value, name: Option<Value>) -> PyResult<()> {
        let p = self.p;
        let mut global_name = match name {
            Some(name) => name,
            None => match abstract_::getattr_optional(vm, obj, "__qualname__")? {
                Some(name) => name,
                None => abstract_::getattr_str(vm, obj, "__name__")?,
            },
        };
        let path = dotted_path(vm, None, &global_name)?;
        let mut module_name = which_module(vm, obj, &path)?;
        let module_text = str_of(vm, &module_name);
        let module = match krait_vm::import::import_full(vm, &module_text) {
            Ok(module) => module,
            Err(_) => {
                let shown = repr_of(vm, obj);
                let module_shown = repr_of(vm, &module_name);
                return Err(pickling_error(
                    vm,
                    &format!("Can't pickle {shown}: import of module {module_shown} failed"),
                ));
            }
        };
        module_name = canonical_module_name(vm, &self.st, obj, module_name);
        let last_name = path.last().cloned().unwrap_or(Value::None);
        let Some((found, parent)) = deep_attribute(vm, &module, &path)? else {
            let shown = repr_of(vm, obj);
            let name = str_of(vm, &global_name);
            return Err(pickling_error(
                vm,
                &format!("Can't pickle {shown}: attribute lookup {name} on {module_text} failed"),
            ));
        };
        if !found.is(obj) {
            let shown = repr_of(vm, obj);
            let name = str_of(vm, &global_name);
            return Err(pickling_error(
                vm,
                &format!("Can't pickle {shown}: it's not the same object as {module_text}.{name}"),
            ));
        }
        let proto = p.proto.get();
        if proto >= 2 {
            let key = vm.new_tuple(vec![module_name.clone(), global_name.clone()]);
            let code = dict::dict_get_item(vm, &self.st.extension_registry, &key)?;
            if let Some(code) = code {
                return self.save_extension(vm, obj, &code);
            }
        }
        if parent.is(&module) {
            global_name = last_name.clone();
        }
        if proto >= 4 {
            self.save(vm, &module_name, false)?;
            self.save(vm, &global_name, false)?;
            p.op(STACK_GLOBAL);
        } else if !parent.is(&module) {
            let args = vm.new_tuple(vec![parent, last_name]);
            let reduced = vm.new_tuple(vec![self.st.getattr.clone(), args]);
            self.save_reduce(vm, &reduced, None)?;
        } else {
            if proto < 3 && p.fix_imports.get() {
                (module_name, global_name) = self.fix_imports(vm, module_name, global_name)?;
            }
            p.op(GLOBAL);
            for (what, name) in [("module", &module_name), ("global", &global_name)] {
                let text = str_of(vm, name);
                if proto != 3 && !text.is_ascii() {
                    return Err(pickling_error(
                        vm,
                        &format!(
                            "can't pickle {what} identifier '{text}' using pickle protocol {proto}"
                        ),
                    ));
                }
                p.write(text.as_bytes());
                p.write(b"\n");
            }
        }
        p.memo_put(vm, obj)
    }

    /// EXT1, EXT2 or EXT4 for a global in `copyreg`'s extension registry.
    fn save_extension(&self, vm: &mut Vm, obj: &Value, code: &Value) -> PyResult<()> {
        if !krait_vm::objects::int::is_int(code) {
            let shown = repr_of(vm, obj);
            let code = repr_of(vm, code);
            return Err(pickling_error(
                vm,
                &format!("Can't pickle {shown}: extension code {code} isn't an integer"),
            ));
        }
        let n = krait_vm::objects::int::as_i64(code).ok_or_else(|| {
            vm.new_overflow_error("Python int too large to convert to C long".to_owned())
        })?;
        if n <= 0 || n > 0x7fff_ffff {
            let shown = repr_of(vm, obj);
            return Err(pickling_error(
                vm,
                &format!("Can't pickle {shown}: extension code {n} is out of range"),
            ));
        }
        let bytes = (n as u32).to_le_bytes();
        if n <= 0xff {
            self.p.write(&[EXT1, bytes[0]]);
        } else if n <= 0xffff {
            self.p.write(&[EXT2, bytes[0], bytes[1]]);
        } else {
            self.p
                .write(&[EXT4, bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        Ok(())
    }

    /// Python 3 names as Python 2 knew them (`_compat_pickle`'s reverse mappings).
    fn fix_imports(&self, vm: &mut Vm, module: Value, name: Value) -> PyResult<(Value, Value)> {
        let key = vm.new_tuple(vec![module.clone(), name.clone()]);
        if let Some(item) = dict::dict_get_item(vm, &self.st.name_mapping_3to2, &key)? {
            let Some(pair) = abstract_::tuple_items(&item).filter(|p| p.len() == 2) else {
                let given = vm.type_name_of(&item);
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.REVERSE_NAME_MAPPING values should be 2-tuples, not {given}"
                )));
            };
            if as_pystr(&pair[0]).is_none() || as_pystr(&pair[1]).is_none() {
                let (a, b) = (vm.type_name_of(&pair[0]), vm.type_name_of(&pair[1]));
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.REVERSE_NAME_MAPPING values should be pairs of str, not ({a}, {b})"
                )));
            }
            return Ok((pair[0].clone(), pair[1].clone()));
        }
        if let Some(item) = dict::dict_get_item(vm, &self.st.import_mapping_3to2, &module)? {
            if as_pystr(&item).is_none() {
                let given = vm.type_name_of(&item);
                return Err(vm.new_runtime_error(format!(
                    "_compat_pickle.REVERSE_IMPORT_MAPPING values should be strings, not {given}"
                )));
            }
            return Ok((item, name));
        }
        Ok((module, name))
    }

    /// Writes what `__reduce__` returned: `(callable, args[, state[, listitems[,
    /// dictitems[, state_setter]]]])`, memoising `obj` when given.
    fn save_reduce(&self, vm: &mut Vm, reduced: &Value, obj: Option<&Value>) -> PyResult<()> {
        let p = self.p;
        let items = abstract_::tuple_items(reduced).unwrap_or_default();
        if !(2..=6).contains(&items.len()) {
            return Err(pickling_error(
                vm,
                "tuple returned by __reduce__ must contain 2 through 6 elements",
            ));
        }
        let item = |i: usize| items.get(i).cloned().filter(|v| !v.is_none());
        let callable = items[0].clone();
        let argtup = items[1].clone();
        let state = item(2);
        let listitems = item(3);
        let dictitems = item(4);
        let state_setter = item(5);
        if !krait_vm::builtins::is_callable(vm, &callable) {
            return Err(pickling_error(
                vm,
                "first item of the tuple returned by __reduce__ must be callable",
            ));
        }
        let Some(args) = abstract_::tuple_items(&argtup) else {
            return Err(pickling_error(
                vm,
                "second item of the tuple returned by __reduce__ must be a tuple",
            ));
        };
        for (value, which) in [(&listitems, "fourth"), (&dictitems, "fifth")] {
            if let Some(v) = value {
                if !is_iterator(vm, v) {
                    let given = vm.type_name_of(v);
                    return Err(pickling_error(
                        vm,
                        &format!(
                            "{which} element of the tuple returned by __reduce__ must be an iterator, not {given}"
                        ),
                    ));
                }
            }
        }
        if let Some(setter) = &state_setter {
            if !krait_vm::builtins::is_callable(vm, setter) {
                let given = vm.type_name_of(setter);
                return Err(pickling_error(
                    vm,
                    &format!(
                        "sixth element of the tuple returned by __reduce__ must be a function, not {given}"
                    ),
                ));
            }
        }
        let proto = p.proto.get();
        let (mut use_newobj, mut use_newobj_ex) = (false, false);
        if proto >= 2 {
            if let Some(name) = abstract_::getattr_optional(vm, &callable, "__name__")? {
                match abstract_::value_as_str(&name) {
                    Some("__newobj_ex__") => use_newobj_ex = true,
                    Some("__newobj__") => use_newobj = true,
                    _ => {}
                }
            }
        }
        if use_newobj_ex {
            self.save_newobj_ex(vm, &args)?;
        } else if use_newobj {
            if args.is_empty() {
                return Err(pickling_error(vm, "__newobj__ arglist is empty"));
            }
            let cls = &args[0];
            if !is_type(cls) {
                return Err(pickling_error(
                    vm,
                    "args[0] from __newobj__ args is not a type",
                ));
            }
            if let Some(obj) = obj {
                let class = match abstract_::getattr_optional(vm, obj, "__class__")? {
                    Some(class) => class,
                    None => Value::Obj(vm.type_of(obj)),
                };
                if !class.is(cls) {
                    return Err(pickling_error(
                        vm,
                        "args[0] from __newobj__ args has the wrong class",
                    ));
                }
            }
            self.save(vm, cls, false)?;
            let rest = vm.new_tuple(args[1..].to_vec());
            self.save(vm, &rest, false)?;
            p.op(NEWOBJ);
        } else {
            self.save(vm, &callable, false)?;
            self.save(vm, &argtup, false)?;
            p.op(REDUCE);
        }
        if let Some(obj) = obj {
            // Already memoised: the object was reached from its own arguments.
            if p.in_memo(obj) {
                p.op(POP);
                return p.memo_get(vm, obj);
            }
            p.memo_put(vm, obj)?;
        }
        if let Some(listitems) = &listitems {
            self.batch_list(vm, listitems)?;
        }
        if let Some(dictitems) = &dictitems {
            self.batch_dict(vm, dictitems)?;
        }
        if let Some(state) = &state {
            match &state_setter {
                None => {
                    self.save(vm, state, false)?;
                    p.op(BUILD);
                }
                Some(setter) => {
                    // setter(obj, state), its result popped: BUILD's effect
                    // through a function of the reducer's choice.
                    self.save(vm, setter, false)?;
                    self.save(vm, obj.unwrap_or(&Value::None), false)?;
                    self.save(vm, state, false)?;
                    p.op(TUPLE2);
                    p.op(REDUCE);
                    p.op(POP);
                }
            }
        }
        Ok(())
    }

    /// `copyreg.__newobj_ex__(cls, args, kwargs)`: NEWOBJ_EX from protocol 4, a
    /// `functools.partial(cls.__new__, cls, *args, **kwargs)` before.
    fn save_newobj_ex(&self, vm: &mut Vm, argtup: &[Value]) -> PyResult<()> {
        if argtup.len() != 3 {
            return Err(pickling_error(
                vm,
                &format!(
                    "length of the NEWOBJ_EX argument tuple must be exactly 3, not {}",
                    argtup.len()
                ),
            ));
        }
        let (cls, args, kwargs) = (&argtup[0], &argtup[1], &argtup[2]);
        if !is_type(cls) {
            let given = vm.type_name_of(cls);
            return Err(pickling_error(
                vm,
                &format!("first item from NEWOBJ_EX argument tuple must be a class, not {given}"),
            ));
        }
        let Some(args) = abstract_::tuple_items(args) else {
            let given = vm.type_name_of(args);
            return Err(pickling_error(
                vm,
                &format!("second item from NEWOBJ_EX argument tuple must be a tuple, not {given}"),
            ));
        };
        let Some(kwargs_dict) = kwargs.as_obj().filter(|o| as_dict(o).is_some()).cloned() else {
            let given = vm.type_name_of(kwargs);
            return Err(pickling_error(
                vm,
                &format!("third item from NEWOBJ_EX argument tuple must be a dict, not {given}"),
            ));
        };
        if self.p.proto.get() >= 4 {
            self.save(vm, cls, false)?;
            self.save(vm, &argtup[1], false)?;
            self.save(vm, kwargs, false)?;
            self.p.op(NEWOBJ_EX);
            return Ok(());
        }
        let new = abstract_::getattr_str(vm, cls, "__new__")?;
        let mut pos = vec![new, cls.clone()];
        pos.extend(args);
        let mut kw = Vec::new();
        for (key, value) in dict::dict_items(&kwargs_dict) {
            match key {
                Value::Obj(k) if as_pystr(&Value::Obj(k.clone())).is_some() => kw.push((k, value)),
                _ => return Err(vm.new_type_error("keywords must be strings".to_owned())),
            }
        }
        let partial = self.st.partial.clone();
        let callable = vm.call(
            &partial,
            Args {
                pos: pos.into(),
                kw,
            },
        )?;
        let empty = vm.new_tuple(vec![]);
        self.save(vm, &callable, false)?;
        self.save(vm, &empty, false)?;
        self.p.op(REDUCE);
        Ok(())
    }
}

fn is_type(v: &Value) -> bool {
    v.as_obj().is_some_and(|o| o.type_data().is_some())
}

/// `PyIter_Check`: the object's type defines `__next__`.
fn is_iterator(vm: &mut Vm, v: &Value) -> bool {
    let class = vm.type_of(v);
    type_data(&class).slots.iternext.get().is_some()
        || typeobject::lookup(&class, "__next__").is_some()
}
