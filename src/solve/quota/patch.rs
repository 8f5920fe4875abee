//! A pairing built from the two either side of a node's minimum, which
//! usually lands on the row's bound and so closes the node without
//! branching.

use super::lagrange::{Lagrangian, Point, View};
use super::search::Search;

impl Search<'_> {
    /// Tries the pairings between `left` (breaks row `r`) and `right`
    /// (keeps it), both optimal at the node's minimum. Where they differ
    /// falls into connected parts; taking whole parts of `left` into
    /// `right` keeps every capacity, and each part is worth exactly the
    /// multiplier times what it adds to the row's count (both pairings are
    /// optimal there). So the subset whose count lands nearest the row's
    /// bound without crossing it is the best of them; on the bound, it
    /// meets the node's bound and is optimal there.
    pub(super) fn patch(&mut self, view: &View, r: usize, left: &Point, right: &Point) {
        let pb = self.problem;
        let n_s = pb.senior_cap.len();
        let mut in_left: Vec<usize> = left.edges.clone();
        let mut in_right: Vec<usize> = right.edges.clone();
        in_left.sort_unstable();
        in_right.sort_unstable();
        let only = |a: &[usize], b: &[usize]| -> Vec<usize> {
            a.iter()
                .copied()
                .filter(|e| b.binary_search(e).is_err())
                .collect()
        };
        let only_left = only(&in_left, &in_right);
        let only_right = only(&in_right, &in_left);
        if only_left.is_empty() {
            return;
        }
        // Union-find over the people the difference touches.
        let mut parent: std::collections::HashMap<usize, usize> = Default::default();
        fn find(parent: &mut std::collections::HashMap<usize, usize>, x: usize) -> usize {
            let mut root = x;
            while let Some(&p) = parent.get(&root) {
                if p == root {
                    break;
                }
                root = p;
            }
            parent.insert(x, root);
            root
        }
        let ends = |e: usize| (pb.senior_of(e), n_s + pb.junior[e] as usize);
        for &e in only_left.iter().chain(&only_right) {
            let (a, b) = ends(e);
            parent.entry(a).or_insert(a);
            parent.entry(b).or_insert(b);
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent.insert(ra.max(rb), ra.min(rb));
            }
        }
        #[derive(Default)]
        struct Part {
            pairs: i64,
            count: i64,
            units: i128,
            add: Vec<usize>,
            drop: Vec<usize>,
        }
        let mut parts: std::collections::BTreeMap<usize, Part> = Default::default();
        for (&e, sign) in only_left
            .iter()
            .map(|e| (e, 1i64))
            .chain(only_right.iter().map(|e| (e, -1i64)))
        {
            let root = find(&mut parent, ends(e).0);
            let part = parts.entry(root).or_default();
            part.pairs += sign;
            if pb.mask[e] >> r & 1 != 0 {
                part.count += sign;
            }
            part.units += i128::from(sign) * i128::from(pb.units[e]);
            if sign > 0 {
                part.add.push(e);
            } else {
                part.drop.push(e);
            }
        }
        let items: Vec<&Part> = parts
            .values()
            .filter(|p| p.pairs == 0 && p.count != 0)
            .collect();
        if items.is_empty() || items.len() > 4096 {
            return;
        }
        // Subset sum over the parts' counts, best units per reachable count.
        let base = right.counts[r];
        let min: i64 = base + items.iter().map(|p| p.count.min(0)).sum::<i64>();
        let max: i64 = base + items.iter().map(|p| p.count.max(0)).sum::<i64>();
        let width = (max - min + 1) as usize;
        if width > 100_000 {
            return;
        }
        // reach[c] = (units gained, last item, previous count) for count min + c.
        let mut reach: Vec<Option<(i128, u32, usize)>> = vec![None; width];
        let start = (base - min) as usize;
        reach[start] = Some((0, u32::MAX, usize::MAX));
        let mut layers: Vec<Vec<Option<(i128, u32, usize)>>> = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            let mut next = reach.clone();
            for (c, slot) in reach.iter().enumerate() {
                if let Some((u, _, _)) = *slot {
                    let to = (c as i64 + item.count) as usize;
                    let value = u + item.units;
                    if next[to].is_none_or(|(v, _, _)| value > v) {
                        next[to] = Some((value, k as u32, c));
                    }
                }
            }
            layers.push(reach);
            reach = next;
        }
        let (lo, hi) = (view.lo[r], view.hi[r]);
        let pick = (0..width)
            .filter(|&c| {
                let count = c as i64 + min;
                reach[c].is_some() && lo <= count && count <= hi
            })
            .max_by_key(|&c| reach[c].map(|x| x.0));
        let Some(mut c) = pick else {
            return;
        };
        // Walk back through the layers to the chosen items.
        let mut chosen = Vec::new();
        let mut layer = items.len();
        while layer > 0 {
            let slot = if layer == items.len() {
                reach[c]
            } else {
                layers[layer][c]
            };
            let Some((_, k, prev)) = slot else { break };
            if k == u32::MAX {
                break;
            }
            chosen.push(k as usize);
            c = prev;
            layer = k as usize;
        }
        if chosen.is_empty() {
            return;
        }
        let mut edges: Vec<usize> = in_right.clone();
        let mut units = right.units;
        for &k in &chosen {
            let item = items[k];
            edges.retain(|e| !item.drop.contains(e));
            edges.extend(&item.add);
            units += item.units;
        }
        edges.sort_unstable();
        let mut counts = vec![0i64; view.lo.len()];
        let mut group_count = vec![0u32; view.shape.groups.len()];
        for &e in &edges {
            if view.forced.binary_search(&(e as u32)).is_ok() {
                continue;
            }
            for (rr, c) in counts.iter_mut().enumerate() {
                if pb.mask[e] >> rr & 1 != 0 {
                    *c += 1;
                }
            }
            if let Some(&g) = pb.group_of.get(pb.junior[e] as usize) {
                group_count[g as usize] += 1;
            }
        }
        if group_count
            .iter()
            .zip(&view.shape.groups)
            .any(|(&c, b)| c < b.lo || c > b.hi)
        {
            return;
        }
        self.note(
            view,
            &Point {
                edges,
                units,
                counts,
            },
        );
    }
}
