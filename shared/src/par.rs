//! Independent runs on every core, results in order.
//!
//! A chapter that trains the same network with 20 seeds runs 20 independent programs: each
//! has its own seeded generator and touches nothing the others touch. [`map_in_order`] hands
//! them to one thread per core and returns their results in the order of the inputs, so the
//! report is the same, bit for bit, on a machine with 1 core or 64.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, with the calls spread over the machine's cores.
///
/// ```
/// let squares = nn_core::par::map_in_order(&[1, 2, 3, 4], |&i| i * i);
/// assert_eq!(squares, [1, 4, 9, 16]);
/// ```
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0); // the next item nobody has taken yet
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return mine;
                        };
                        mine.push((i, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_of_the_items() {
        let items: Vec<u64> = (0..100).collect();
        // Uneven work, so the threads finish out of order.
        let slow_square = |&i: &u64| {
            let spin: u64 = (0..(100 - i) * 1000).fold(0, |a, b| a ^ b);
            std::hint::black_box(spin);
            i * i
        };
        let expected: Vec<u64> = items.iter().map(|i| i * i).collect();
        assert_eq!(map_in_order(&items, slow_square), expected);
    }

    #[test]
    fn no_items_no_threads() {
        assert!(map_in_order(&[] as &[u8], |_| 0).is_empty());
    }

    #[test]
    #[should_panic(expected = "item 3")]
    fn a_panic_in_a_run_reaches_the_caller() {
        map_in_order(&[1, 2, 3, 4], |&i| assert!(i != 3, "item {i}"));
    }
}
