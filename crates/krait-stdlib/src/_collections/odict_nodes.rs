//! The order of an `OrderedDict`'s keys (CPython's list of `_odictnode`s and its
//! `od_fast_nodes` table in `Objects/odictobject.c`): a doubly linked list whose
//! nodes live in a vector, and a hash table of the nodes by key, so that adding at
//! the end, removing by key and moving to either end are all O(1).
//!
//! CPython finds a key's node through the slot the dict's hash table gives it. Here
//! the caller asks the dict for the key object it holds (an equal key may be another
//! object), and the table finds the node by that key's hash and the object's
//! identity: a dict keeps one entry per identity, since a lookup takes an identical
//! key as equal, so no two live keys share one. Nothing here calls into Python.
//!
//! A node may stand for a dict entry under another key object than its own: when
//! `od[k] = v` meets an equal key that `dict.__setitem__` put in behind the order's
//! back, CPython's new node holds `k` while the dict keeps its key. Such a node is
//! found by either object, and keeps the dict's as its alias.

use hashbrown::HashTable;
use krait_vm::Value;
use rustc_hash::FxHashMap;

/// A node's place in `Nodes::slots`.
pub(super) type NodeId = u32;

/// The end of the list.
const NIL: NodeId = NodeId::MAX;

/// Where a Python hash puts a node in the table: ints hash to themselves, and the
/// table wants the high bits to differ too.
fn spread(hash: i64) -> u64 {
    (hash as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// One key in the order, with the hash it went in with.
struct Node {
    key: Value,
    hash: i64,
    prev: NodeId,
    next: NodeId,
}

/// The keys in order. A removed node's slot is reused by the next key added.
pub(super) struct Nodes {
    slots: Vec<Option<Node>>,
    free: Vec<NodeId>,
    first: NodeId,
    last: NodeId,
    /// The nodes by their keys' hashes.
    by_key: HashTable<NodeId>,
    /// The dict's key objects of the nodes that hold another one.
    aliases: FxHashMap<NodeId, Value>,
}

impl Default for Nodes {
    fn default() -> Nodes {
        Nodes {
            slots: Vec::new(),
            free: Vec::new(),
            first: NIL,
            last: NIL,
            by_key: HashTable::new(),
            aliases: FxHashMap::default(),
        }
    }
}

impl Nodes {
    pub(super) fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.first == NIL
    }

    fn node(&self, id: NodeId) -> Option<&Node> {
        self.slots.get(id as usize)?.as_ref()
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.slots.get_mut(id as usize)?.as_mut()
    }

    /// The node holding the object `key` itself (as its key or its alias), whose
    /// hash is `hash`.
    pub(super) fn find(&self, key: &Value, hash: i64) -> Option<NodeId> {
        self.by_key
            .find(spread(hash), |&id| self.holds(id, key))
            .copied()
    }

    /// Whether node `id` holds the object `key`.
    fn holds(&self, id: NodeId, key: &Value) -> bool {
        self.node(id).is_some_and(|n| n.key.is(key))
            || (!self.aliases.is_empty() && self.aliases.get(&id).is_some_and(|a| a.is(key)))
    }

    /// `find`, trying node `hint` first: an iterator remembers where its next key
    /// was, and following the list there is cheaper than the table.
    pub(super) fn find_hinted(&self, key: &Value, hash: i64, hint: NodeId) -> Option<NodeId> {
        match self.node(hint) {
            Some(node) if node.key.is(key) => Some(hint),
            _ => self.find(key, hash),
        }
    }

    /// The key of node `id` and the hash it went in with.
    pub(super) fn key(&self, id: NodeId) -> Option<(&Value, i64)> {
        self.node(id).map(|n| (&n.key, n.hash))
    }

    /// The key object of node `id` that the dict holds: its alias, if it has one.
    pub(super) fn held_key(&self, id: NodeId) -> Option<&Value> {
        match self.aliases.is_empty() {
            true => None,
            false => self.aliases.get(&id),
        }
        .or_else(|| self.node(id).map(|n| &n.key))
    }

    /// The node at the front (`last` false) or the back of the order.
    pub(super) fn end_node(&self, last: bool) -> Option<NodeId> {
        let id = if last { self.last } else { self.first };
        (id != NIL).then_some(id)
    }

    /// The key at the front (`last` false) or the back of the order.
    pub(super) fn end(&self, last: bool) -> Option<(&Value, i64)> {
        self.key(self.end_node(last)?)
    }

    /// The node after `id` (before it, `reversed`), if any.
    pub(super) fn neighbour(&self, id: NodeId, reversed: bool) -> Option<NodeId> {
        let node = self.node(id)?;
        let next = if reversed { node.prev } else { node.next };
        (next != NIL).then_some(next)
    }

    /// The keys from first to last.
    pub(super) fn keys(&self) -> Vec<Value> {
        let mut keys = Vec::with_capacity(self.len());
        let mut at = self.first;
        while let Some(node) = self.node(at) {
            keys.push(node.key.clone());
            at = node.next;
        }
        keys
    }

    /// Every key and alias, in no particular order (for the cycle collector).
    pub(super) fn for_each_key(&self, visit: &mut dyn FnMut(&Value)) {
        self.slots.iter().flatten().for_each(|n| visit(&n.key));
        self.aliases.values().for_each(visit);
    }

    /// Puts `key`, whose hash is `hash`, at the back, found also by `alias` (the
    /// dict's key object, when another), unless a node has either already; `false`
    /// when the order has no room for another node.
    pub(super) fn push_back(&mut self, key: Value, hash: i64, alias: Option<Value>) -> bool {
        let alias = alias.filter(|alias| !alias.is(&key));
        let taken = |v: &Value| self.find(v, hash).is_some();
        if taken(&key) || alias.as_ref().is_some_and(taken) {
            return true;
        }
        let node = Node {
            key,
            hash,
            prev: self.last,
            next: NIL,
        };
        let at = match self.free.pop() {
            Some(at) => {
                self.slots[at as usize] = Some(node);
                at
            }
            None => match NodeId::try_from(self.slots.len()) {
                Ok(at) if at != NIL => {
                    self.slots.push(Some(node));
                    at
                }
                _ => return false,
            },
        };
        self.link_back(at);
        let slots = &self.slots;
        let rehash = |&id: &NodeId| match slots.get(id as usize) {
            Some(Some(node)) => spread(node.hash),
            _ => 0,
        };
        self.by_key.insert_unique(spread(hash), at, rehash);
        if let Some(alias) = alias {
            self.aliases.insert(at, alias);
        }
        true
    }

    /// Takes node `id` out of the order, giving back its key and alias (to drop
    /// once the order is no longer borrowed).
    pub(super) fn remove(&mut self, id: NodeId) -> Option<(Value, Option<Value>)> {
        self.unlink(id)?;
        let node = self.slots.get_mut(id as usize)?.take()?;
        if let Ok(entry) = self.by_key.find_entry(spread(node.hash), |&x| x == id) {
            entry.remove();
        }
        let alias = self.aliases.remove(&id);
        self.free.push(id);
        Some((node.key, alias))
    }

    /// Moves node `id` to the back (`last`) or the front; `false` when it was
    /// there already.
    pub(super) fn move_to_end(&mut self, id: NodeId, last: bool) -> bool {
        let end = if last { self.last } else { self.first };
        if end == id || self.unlink(id).is_none() {
            return false;
        }
        if last {
            self.link_back(id);
        } else {
            self.link_front(id);
        }
        true
    }

    /// Empties the order, giving back the keys and aliases.
    pub(super) fn clear(&mut self) -> Vec<Value> {
        let old = std::mem::take(self);
        let keys = old.slots.into_iter().flatten().map(|n| n.key);
        keys.chain(old.aliases.into_values()).collect()
    }

    fn link_back(&mut self, id: NodeId) {
        let last = self.last;
        if let Some(node) = self.node_mut(id) {
            node.prev = last;
            node.next = NIL;
        }
        match self.node_mut(last) {
            Some(before) => before.next = id,
            None => self.first = id,
        }
        self.last = id;
    }

    fn link_front(&mut self, id: NodeId) {
        let first = self.first;
        if let Some(node) = self.node_mut(id) {
            node.prev = NIL;
            node.next = first;
        }
        match self.node_mut(first) {
            Some(after) => after.prev = id,
            None => self.last = id,
        }
        self.first = id;
    }

    /// Joins the neighbours of node `id` to each other; `None` when there is no
    /// such node.
    fn unlink(&mut self, id: NodeId) -> Option<()> {
        let (prev, next) = self.node(id).map(|n| (n.prev, n.next))?;
        match self.node_mut(prev) {
            Some(before) => before.next = next,
            None => self.first = next,
        }
        match self.node_mut(next) {
            Some(after) => after.prev = prev,
            None => self.last = prev,
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(nodes: &Nodes) -> Vec<i64> {
        let key = |v: Value| match v {
            Value::Int(n) => n,
            _ => -1,
        };
        nodes.keys().into_iter().map(key).collect()
    }

    fn node_of(nodes: &Nodes, n: i64) -> NodeId {
        nodes.find(&Value::Int(n), n).unwrap_or(NIL)
    }

    #[test]
    fn keeps_the_order_through_removal_and_moves() {
        let mut nodes = Nodes::default();
        for n in 0..5 {
            assert!(nodes.push_back(Value::Int(n), n, None));
        }
        // A key held already stays where it is.
        assert!(nodes.push_back(Value::Int(2), 2, None));
        assert_eq!(ints(&nodes), [0, 1, 2, 3, 4]);
        assert!(nodes.remove(node_of(&nodes, 2)).is_some());
        assert!(nodes.move_to_end(node_of(&nodes, 0), true));
        assert!(nodes.move_to_end(node_of(&nodes, 4), false));
        assert!(!nodes.move_to_end(node_of(&nodes, 4), false));
        assert_eq!(ints(&nodes), [4, 1, 3, 0]);
        // The freed slot is reused.
        assert!(nodes.push_back(Value::Int(7), 7, None));
        assert_eq!(nodes.slots.len(), 5);
        assert_eq!(ints(&nodes), [4, 1, 3, 0, 7]);
        assert_eq!(nodes.end(false).map(|(_, h)| h), Some(4));
        assert_eq!(nodes.end(true).map(|(_, h)| h), Some(7));
    }

    #[test]
    fn walks_both_ways_and_empties() {
        let mut nodes = Nodes::default();
        for n in 0..3 {
            nodes.push_back(Value::Int(n), n, None);
        }
        let (first, last) = (node_of(&nodes, 0), node_of(&nodes, 2));
        assert_eq!(nodes.neighbour(first, false), Some(node_of(&nodes, 1)));
        assert_eq!(nodes.neighbour(first, true), None);
        assert_eq!(nodes.find_hinted(&Value::Int(2), 2, first), Some(last));
        assert_eq!(nodes.find_hinted(&Value::Int(0), 0, first), Some(first));
        assert_eq!(nodes.neighbour(last, false), None);
        for n in [1, 0, 2] {
            nodes.remove(node_of(&nodes, n));
        }
        assert!(nodes.is_empty());
        assert_eq!(nodes.len(), 0);
        assert!(nodes.remove(first).is_none());
        nodes.push_back(Value::Int(9), 9, None);
        assert_eq!(nodes.clear().len(), 1);
        assert!(nodes.is_empty() && nodes.slots.is_empty());
    }

    #[test]
    fn finds_a_node_by_its_alias() {
        let mut nodes = Nodes::default();
        nodes.push_back(Value::Bool(true), 1, Some(Value::Int(1)));
        let id = nodes.find(&Value::Int(1), 1);
        assert!(id.is_some());
        assert_eq!(nodes.find(&Value::Bool(true), 1), id);
        assert!(id
            .and_then(|id| nodes.held_key(id))
            .is_some_and(|k| k.is(&Value::Int(1))));
        // Neither object makes a second node.
        nodes.push_back(Value::Int(1), 1, None);
        assert_eq!(nodes.len(), 1);
        let removed = id.and_then(|id| nodes.remove(id));
        assert!(matches!(
            removed,
            Some((Value::Bool(true), Some(Value::Int(1))))
        ));
        assert!(nodes.find(&Value::Int(1), 1).is_none() && nodes.aliases.is_empty());
    }

    #[test]
    fn keys_of_one_hash_stay_apart() {
        let mut nodes = Nodes::default();
        for n in 0..100 {
            nodes.push_back(Value::Int(n), 7, None);
        }
        for n in (0..100).step_by(3) {
            nodes.remove(node_of_hash(&nodes, n, 7));
        }
        assert_eq!(nodes.len(), 66);
        assert!((0..100).all(|n| nodes.find(&Value::Int(n), 7).is_some() == (n % 3 != 0)));
    }

    fn node_of_hash(nodes: &Nodes, n: i64, hash: i64) -> NodeId {
        nodes.find(&Value::Int(n), hash).unwrap_or(NIL)
    }
}
