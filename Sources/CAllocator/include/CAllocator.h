#ifndef STRATA_CALLOCATOR_H
#define STRATA_CALLOCATOR_H

#include <malloc.h>

/// Has glibc serve every block from its heap, large ones too, instead of an mmap of their own:
/// a freed block is then reused by the next one rather than unmapped, and the kernel does not
/// zero fresh pages for each new column.
/// Nor does it give the heap's free top back to the system while the command runs: a freed
/// column at the top would be unmapped, and the next one's pages faulted in and zeroed again.
/// And threads share one heap a core (`cores`), so what one thread frees the next one reuses
/// (glibc's default of eight heaps a core leaves a column freed in one heap idle while another
/// heap grows; a single heap makes the threads wait for each other's allocations).
static inline void strata_keep_large_blocks_in_heap(int cores) {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_ARENA_MAX, cores);
}

#endif
