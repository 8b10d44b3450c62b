//! The set table (`objects/set.rs`): probing, growth, dummies and iteration order,
//! checked against orders and sizes printed by python3.11.

use krait_vm::objects::set::{Probe, SetData};
use krait_vm::pyhash::hash_i64;
use krait_vm::Value;

fn build(keys: &[i64]) -> SetData {
    let mut s = SetData::new();
    for &k in keys {
        assert!(s.add_scalar(hash_i64(k), Value::Int(k)));
    }
    s
}

fn ints(s: &SetData) -> Vec<i64> {
    s.keys()
        .into_iter()
        .map(|v| match v {
            Value::Int(n) => n,
            _ => panic!("only ints were added"),
        })
        .collect()
}

#[test]
fn iteration_order_matches_cpython() {
    let s = build(&[
        5,
        3,
        100,
        8,
        16,
        24,
        1,
        33,
        65,
        7,
        1000,
        -1,
        -2,
        1 << 40,
        17,
    ]);
    assert_eq!(
        ints(&s),
        [
            1 << 40,
            1,
            33,
            3,
            100,
            5,
            65,
            7,
            8,
            1000,
            16,
            17,
            -2,
            24,
            -1
        ]
    );
}

#[test]
fn collisions_in_the_small_table_use_perturbation() {
    assert_eq!(ints(&build(&[0, 8, 16, 24])), [0, 8, 16, 24]);
}

#[test]
fn collisions_in_a_large_table_probe_linearly() {
    let keys: Vec<i64> = (0..320).step_by(32).collect();
    let s = build(&keys);
    assert_eq!(ints(&s), keys);
    // Ten keys hashing to slot 0 of a 32-slot table: the first run covers 0..=9.
    assert_eq!(s.positions()[..3], [0, 1, 2]);
}

#[test]
fn growth_follows_fill_ratio() {
    // Table sizes from sys.getsizeof under python3.11.
    for (n, mask) in [
        (0, 7),
        (4, 7),
        (5, 31),
        (18, 31),
        (19, 127),
        (76, 127),
        (77, 511),
    ] {
        let keys: Vec<i64> = (0..n).collect();
        assert_eq!(build(&keys).mask(), mask, "after {n} insertions");
    }
}

#[test]
fn dummies_are_reused_by_later_insertions() {
    let mut s = build(&(0..10).collect::<Vec<_>>());
    for k in [2, 4, 6] {
        assert_eq!(s.discard_scalar(hash_i64(k), &Value::Int(k)), Some(true));
    }
    assert_eq!(s.discard_scalar(hash_i64(2), &Value::Int(2)), Some(false));
    assert_eq!((s.len(), s.fill()), (7, 10));
    for k in [12, 20] {
        s.add_scalar(hash_i64(k), Value::Int(k));
    }
    assert_eq!(ints(&s), [0, 1, 3, 5, 7, 8, 9, 12, 20]);
    // A rebuild drops the dummies and keeps every key.
    s.resize(s.len() * 4);
    assert_eq!((s.len(), s.fill(), s.mask()), (9, 9, 63));
}

#[test]
fn pop_scans_from_the_finger() {
    let mut s = build(&[7, 15, 23, 31]);
    let popped: Vec<i64> = (0..4)
        .map(|_| match s.pop() {
            Some(Value::Int(n)) => n,
            _ => panic!("four keys to pop"),
        })
        .collect();
    assert_eq!(popped, [31, 15, 23, 7]);
    assert!(s.pop().is_none());
    assert_eq!(s.fill(), 4, "popped slots stay as dummies");
}

#[test]
fn frozenset_hash_matches_cpython() {
    let s = build(&(0..10).collect::<Vec<_>>());
    assert_eq!(s.frozen_hash(), 3895031357313128696);
    let t = build(&[-1, -2, 1 << 61]);
    assert_eq!(t.frozen_hash(), -557793124515436695);
}

#[test]
fn probe_runs_then_jumps() {
    let mut p = Probe::new(0, 31);
    let run: Vec<usize> = (0..10)
        .map(|_| {
            let s = p.slot();
            p.advance();
            s
        })
        .collect();
    assert_eq!(run, (0..10).collect::<Vec<_>>());
    // After the run: i = (0 * 5 + 1 + (0 >> 5)) & 31 = 1.
    assert_eq!(p.slot(), 1);
    // Near the end of the table there is no linear run.
    let mut q = Probe::new(30, 31);
    q.advance();
    assert_eq!(q.slot(), (30 * 5 + 1) & 31);
}
