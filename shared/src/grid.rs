//! Every variant of an experiment run from every seed: the runs are independent, so rayon
//! spreads them over the cores; the results come back grouped, one row per variant in the
//! variants' order, each row's runs in the seeds' order — the same on one core or many.
//!
//! ```
//! use nn_core::grid::grid;
//! let rows = grid(&[10, 20], &[0, 1, 2], |&variant, seed| variant + seed);
//! assert_eq!(rows, [vec![10, 11, 12], vec![20, 21, 22]]);
//! ```

use rayon::prelude::*;

/// `run(variant, seed)` for every variant and every seed: one row per variant, one result per
/// seed.
pub fn grid<V: Sync, R: Send>(
    variants: &[V],
    seeds: &[u64],
    run: impl Fn(&V, u64) -> R + Sync,
) -> Vec<Vec<R>> {
    let jobs: Vec<(usize, u64)> = (0..variants.len())
        .flat_map(|v| seeds.iter().map(move |&seed| (v, seed)))
        .collect();
    let mut results = jobs
        .into_par_iter()
        .map(|(v, seed)| run(&variants[v], seed))
        .collect::<Vec<R>>()
        .into_iter();
    variants
        .iter()
        .map(|_| results.by_ref().take(seeds.len()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_variants_and_runs_the_seeds() {
        let rows = grid(&["a", "b", "c"], &[5, 7], |v, seed| format!("{v}{seed}"));
        assert_eq!(rows, [["a5", "a7"], ["b5", "b7"], ["c5", "c7"]]);
    }

    #[test]
    fn no_seeds_give_empty_rows_and_no_variants_no_rows() {
        assert_eq!(grid(&[1, 2], &[], |&v, _| v), [vec![], vec![]]);
        assert!(grid(&[] as &[u8], &[1], |&v, _| v).is_empty());
    }
}
