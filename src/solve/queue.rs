//! The priority queues of the flow's searches ([`super::flow`]): each pops
//! the least `(distance, key)` first, exactly as a binary heap of the pairs
//! would, so a search settles the same nodes in the same order whichever
//! queue it runs on.
//!
//! A Dijkstra search mostly pushes what is no nearer than what it popped
//! last, which a radix heap ([`Radix`]) exploits: an entry sits in the
//! bucket of the highest bit where it differs from the last entry popped,
//! and moves to a lower bucket only when that bucket is emptied, a few
//! times over its life instead of a sift through a heap of thousands at
//! every push and pop. It takes 64-bit distances; 128-bit ones use the
//! binary heap ([`Binary`]).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A min-queue of `(distance, key)`.
pub trait Queue<V>: Default {
    fn push(&mut self, d: V, key: u64);
    /// The least entry, taken out.
    fn pop(&mut self) -> Option<(V, u64)>;
    fn clear(&mut self);
}

/// A binary heap of the pairs.
pub struct Binary<V: Ord> {
    heap: BinaryHeap<Reverse<(V, u64)>>,
}

impl<V: Ord> Default for Binary<V> {
    fn default() -> Self {
        Binary {
            heap: BinaryHeap::new(),
        }
    }
}

impl<V: Ord> Queue<V> for Binary<V> {
    fn push(&mut self, d: V, key: u64) {
        self.heap.push(Reverse((d, key)));
    }

    fn pop(&mut self) -> Option<(V, u64)> {
        self.heap.pop().map(|Reverse(entry)| entry)
    }

    fn clear(&mut self) {
        self.heap.clear();
    }
}

/// A radix heap of 64-bit distances and keys, each pair one 128-bit
/// number that orders as the pair does.
///
/// An entry below the last one popped (a search can push one: a node that
/// ends the search, at the distance just popped, comes before the others
/// at that distance) cannot go in a bucket; it waits in `below`, which is
/// emptied first: everything there is less than everything in the buckets.
pub struct Radix {
    /// The last entry popped from the buckets; every bucketed entry is at
    /// least this.
    last: u128,
    /// Entries by the highest bit where they differ from `last` (bucket 0:
    /// equal to it, bucket `b`: bit `b - 1`).
    buckets: Vec<Vec<u128>>,
    /// Which buckets hold entries, a bit per bucket.
    filled: [u64; 3],
    below: BinaryHeap<Reverse<u128>>,
}

impl Default for Radix {
    fn default() -> Self {
        Radix {
            last: 0,
            buckets: vec![Vec::new(); 129],
            filled: [0; 3],
            below: BinaryHeap::new(),
        }
    }
}

impl Radix {
    /// `(d, key)` as one number with the same order: `d` with its sign bit
    /// flipped (so negative distances, which a search never forms, would
    /// still order), above the key.
    fn entry(d: i64, key: u64) -> u128 {
        (u128::from((d as u64) ^ (1 << 63)) << 64) | u128::from(key)
    }

    fn bucket_of(&self, x: u128) -> usize {
        (128 - (x ^ self.last).leading_zeros()) as usize
    }

    fn put(&mut self, x: u128) {
        let b = self.bucket_of(x);
        self.buckets[b].push(x);
        self.filled[b / 64] |= 1 << (b % 64);
    }

    /// The lowest bucket holding entries.
    fn first_filled(&self) -> Option<usize> {
        self.filled
            .iter()
            .enumerate()
            .find(|(_, &word)| word != 0)
            .map(|(w, &word)| w * 64 + word.trailing_zeros() as usize)
    }
}

impl Queue<i64> for Radix {
    fn push(&mut self, d: i64, key: u64) {
        let x = Radix::entry(d, key);
        if x < self.last {
            self.below.push(Reverse(x));
        } else {
            self.put(x);
        }
    }

    fn pop(&mut self) -> Option<(i64, u64)> {
        let x = match self.below.pop() {
            Some(Reverse(x)) => x,
            None => {
                let b = self.first_filled()?;
                if b > 0 {
                    // The bucket's least entry becomes `last`; the others
                    // differ from it below bit b - 1, so they all land in
                    // lower buckets.
                    let mut moving = std::mem::take(&mut self.buckets[b]);
                    self.filled[b / 64] &= !(1 << (b % 64));
                    self.last = *moving.iter().min().expect("a filled bucket");
                    for &y in &moving {
                        self.put(y);
                    }
                    // Keep the allocation for the next time this bucket fills.
                    moving.clear();
                    self.buckets[b] = moving;
                }
                let x = self.buckets[0]
                    .pop()
                    .expect("the least entry is in bucket 0");
                if self.buckets[0].is_empty() {
                    self.filled[0] &= !1;
                }
                x
            }
        };
        let d = ((x >> 64) as u64 ^ (1 << 63)) as i64;
        Some((d, x as u64))
    }

    fn clear(&mut self) {
        for w in 0..3 {
            let mut word = self.filled[w];
            while word != 0 {
                let b = w * 64 + word.trailing_zeros() as usize;
                self.buckets[b].clear();
                word &= word - 1;
            }
        }
        self.filled = [0; 3];
        self.below.clear();
        self.last = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Pushes and pops as a search makes them (mostly no nearer than
        /// the last pop, some below it, some far above), with clears: the
        /// radix heap pops exactly what the binary heap pops.
        #[test]
        fn the_radix_heap_pops_as_the_binary_heap_does(
            steps in prop::collection::vec((0u8..10, -3i64..1000, 0u64..40), 1..400),
            huge in any::<bool>(),
        ) {
            let mut radix = Radix::default();
            let mut binary = Binary::<i64>::default();
            let mut last = 0i64;
            for (what, step, key) in steps {
                match what {
                    0..=4 => {
                        // Near the last pop, a little below it at times.
                        let d = if huge { last.saturating_add(step << 40) } else { last + step };
                        radix.push(d, key);
                        binary.push(d, key);
                    }
                    5 => {
                        let d = if huge { i64::MIN + step } else { -step };
                        radix.push(d, key);
                        binary.push(d, key);
                    }
                    6..=8 => {
                        let got = radix.pop();
                        prop_assert_eq!(got, binary.pop());
                        if let Some((d, _)) = got {
                            last = d;
                        }
                    }
                    _ => {
                        radix.clear();
                        binary.clear();
                        last = 0;
                    }
                }
            }
            loop {
                let got = radix.pop();
                prop_assert_eq!(got, binary.pop());
                if got.is_none() {
                    break;
                }
            }
        }
    }
}
