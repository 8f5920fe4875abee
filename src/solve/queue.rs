//! The priority queues of the flow's searches ([`super::flow`]): each pops
//! the least `(distance, key)` first, exactly as a binary heap of the pairs
//! would, so a search settles the same nodes in the same order as on a
//! binary heap.
//!
//! A Dijkstra search mostly pushes what is no nearer than what it popped
//! last, which a radix heap ([`Radix`]) exploits: an entry sits in the
//! bucket of the highest bit where it differs from the last entry popped,
//! and moves to a lower bucket only when that bucket is emptied, a few
//! times over its life instead of a sift through a heap of thousands at
//! every push and pop. The tests play the same pushes and pops on a
//! binary heap and ask for the same entries.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A min-queue of `(distance, key)`.
pub trait Queue<V>: Default {
    fn push(&mut self, d: V, key: u64);
    /// The least entry, taken out.
    fn pop(&mut self) -> Option<(V, u64)>;
    fn clear(&mut self);
}

/// An entry of a [`Radix`] heap: `(distance, key)` as bits that order as
/// the pair does.
pub trait Entry: Copy + Ord + Default {
    /// How many buckets entries need (one per bit, and one for equal).
    const BUCKETS: usize;
    /// The bucket of `self` against the last entry popped: 0 when equal,
    /// else one more than the highest bit where the two differ.
    fn bucket(self, last: Self) -> usize;
}

/// A 64-bit distance above a key.
impl Entry for u128 {
    const BUCKETS: usize = 129;
    fn bucket(self, last: Self) -> usize {
        (128 - (self ^ last).leading_zeros()) as usize
    }
}

/// A 128-bit distance, then a key.
impl Entry for (u128, u64) {
    const BUCKETS: usize = 193;
    fn bucket(self, last: Self) -> usize {
        if self.0 != last.0 {
            64 + (128 - (self.0 ^ last.0).leading_zeros()) as usize
        } else {
            (64 - (self.1 ^ last.1).leading_zeros()) as usize
        }
    }
}

/// A radix heap of `(distance, key)` entries.
///
/// An entry below the last one popped (a search can push one: a node that
/// ends the search, at the distance just popped, comes before the others
/// at that distance) cannot go in a bucket; it waits in `below`, which is
/// emptied first: everything there is less than everything in the buckets.
pub struct Radix<E: Entry> {
    /// The last entry popped from the buckets; every bucketed entry is at
    /// least this.
    last: E,
    /// Entries by the highest bit where they differ from `last` (bucket 0:
    /// equal to it, bucket `b`: bit `b - 1`).
    buckets: Vec<Vec<E>>,
    /// Which buckets hold entries, a bit per bucket.
    filled: [u64; 4],
    below: BinaryHeap<Reverse<E>>,
}

impl<E: Entry> Default for Radix<E> {
    fn default() -> Self {
        Radix {
            last: E::default(),
            buckets: vec![Vec::new(); E::BUCKETS],
            filled: [0; 4],
            below: BinaryHeap::new(),
        }
    }
}

impl<E: Entry> Radix<E> {
    #[inline]
    fn put(&mut self, x: E) {
        let b = x.bucket(self.last);
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

    #[inline]
    fn push_entry(&mut self, x: E) {
        if x < self.last {
            self.below.push(Reverse(x));
        } else {
            self.put(x);
        }
    }

    fn pop_entry(&mut self) -> Option<E> {
        if let Some(Reverse(x)) = self.below.pop() {
            return Some(x);
        }
        let b = self.first_filled()?;
        if b > 0 {
            // The bucket's least entry becomes `last`; the others differ
            // from it below bit b - 1, so they all land in lower buckets.
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
        Some(x)
    }

    fn clear_entries(&mut self) {
        for w in 0..self.filled.len() {
            let mut word = self.filled[w];
            while word != 0 {
                let b = w * 64 + word.trailing_zeros() as usize;
                self.buckets[b].clear();
                word &= word - 1;
            }
        }
        self.filled = [0; 4];
        self.below.clear();
        self.last = E::default();
    }
}

/// 64-bit distances: the sign bit flipped (so negative ones, which a
/// search never forms, would still order), above the key.
impl Queue<i64> for Radix<u128> {
    #[inline]
    fn push(&mut self, d: i64, key: u64) {
        self.push_entry((u128::from((d as u64) ^ (1 << 63)) << 64) | u128::from(key));
    }

    fn pop(&mut self) -> Option<(i64, u64)> {
        let x = self.pop_entry()?;
        Some((((x >> 64) as u64 ^ (1 << 63)) as i64, x as u64))
    }

    fn clear(&mut self) {
        self.clear_entries();
    }
}

/// 128-bit distances, the sign bit flipped, then the key.
impl Queue<i128> for Radix<(u128, u64)> {
    #[inline]
    fn push(&mut self, d: i128, key: u64) {
        self.push_entry(((d as u128) ^ (1 << 127), key));
    }

    fn pop(&mut self) -> Option<(i128, u64)> {
        let (d, key) = self.pop_entry()?;
        Some(((d ^ (1 << 127)) as i128, key))
    }

    fn clear(&mut self) {
        self.clear_entries();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    /// Plays `steps` on a radix heap and on the binary heap, pushing
    /// `distance(d)`: pushes near the last pop (some below it), pushes far
    /// below, pops and clears. Both pop the same entries.
    fn same_pops<V: Ord + Copy + std::fmt::Debug, R: Queue<V>>(
        steps: &[(u8, i64, u64)],
        distance: impl Fn(i64) -> V,
        back: impl Fn(V) -> i64,
    ) -> Result<(), TestCaseError> {
        let mut radix = R::default();
        let mut binary = Binary::<V>::default();
        let mut last = 0i64;
        for &(what, step, key) in steps {
            match what {
                0..=4 => {
                    let d = distance(last.saturating_add(step));
                    radix.push(d, key);
                    binary.push(d, key);
                }
                5 => {
                    let d = distance(i64::MIN + step.abs());
                    radix.push(d, key);
                    binary.push(d, key);
                }
                6..=8 => {
                    let got = radix.pop();
                    prop_assert_eq!(got, binary.pop());
                    if let Some((d, _)) = got {
                        last = back(d);
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
                return Ok(());
            }
        }
    }

    proptest! {
        /// Pushes and pops as a search makes them, in 64 and in 128 bits:
        /// the radix heap pops exactly what the binary heap pops.
        #[test]
        fn the_radix_heap_pops_as_the_binary_heap_does(
            steps in prop::collection::vec(
                (
                    0u8..10,
                    prop_oneof![-3i64..4, -3i64..1000],
                    // Keys as the flow makes them: a node, with or without
                    // the bit above it that puts the search's ends first.
                    prop_oneof![0u64..40, (1u64 << 32)..(1u64 << 32) + 40],
                ),
                1..400,
            ),
            spread in prop_oneof![Just(0u32), Just(20), Just(40)],
        ) {
            let steps: Vec<(u8, i64, u64)> = steps
                .into_iter()
                .map(|(what, step, key)| (what, step << spread.min(20), key))
                .collect();
            same_pops::<i64, Radix<u128>>(&steps, |d| d, |d| d)?;
            // In 128 bits the distances reach past 64 bits (a pair's value
            // holds its count of pairs at 2^64).
            same_pops::<i128, Radix<(u128, u64)>>(
                &steps,
                |d| i128::from(d) << spread,
                |d| (d >> spread) as i64,
            )?;
        }
    }
}
