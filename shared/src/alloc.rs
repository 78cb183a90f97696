//! One setting of the C library's memory allocator, for programs that allocate large arrays
//! over and over.
//!
//! glibc's `malloc` hands every block of 128 KiB or more straight to the kernel (`mmap`) and
//! returns it on `free`, and it gives back free memory at the top of its heap once there is
//! more than twice that much. A training loop whose arrays are a few hundred kilobytes to a
//! few megabytes (a batch of 32 samples of 512 features is 128 KiB; chapter 7's test set
//! through its first layer is 2 MiB) then spends its time in the kernel, mapping and zeroing
//! fresh pages for arrays it had just freed: a quarter of chapter 7's run, and the reason the
//! saliency benchmark took anywhere from 0.4 to 1.6 ms (the book's appendix has the
//! measurements). [`keep_freed_memory`] raises both thresholds, so that freed arrays are
//! reused. Every chapter's program calls it first; elsewhere (other C libraries, other
//! systems) it does nothing.

/// Blocks up to this size come from the heap, and are reused after `free`.
pub const MMAP_THRESHOLD: usize = 32 << 20;
/// The heap keeps up to this much free memory at its top instead of returning it.
pub const TRIM_THRESHOLD: usize = 256 << 20;

/// Tells glibc's allocator to keep freed memory for reuse (see the module's documentation).
/// Call it at the start of `main`, before other threads exist.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets two tuning parameters of glibc's allocator, which it
    // documents as settable at any time; the values are within the documented ranges
    // (MMAP_THRESHOLD ≤ 32 MiB on 64-bit systems).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD as libc::c_int);
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// Bytes that glibc's allocator holds in blocks mapped straight from the kernel.
    fn mapped_bytes() -> usize {
        // SAFETY: mallinfo2 only reads the allocator's statistics.
        unsafe { libc::mallinfo2() }.hblkhd
    }

    #[test]
    fn afterwards_a_4_mib_array_comes_from_the_heap() {
        keep_freed_memory();
        let before = mapped_bytes();
        let array = vec![1.0f64; 512 * 1024]; // 4 MiB, 32 times the default threshold
        let during = mapped_bytes();
        assert_eq!(std::hint::black_box(&array)[0], 1.0);
        assert!(
            during < before + (4 << 20),
            "4 MiB mapped from the kernel: {before} -> {during} bytes"
        );
    }
}
