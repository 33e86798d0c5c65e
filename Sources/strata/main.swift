import CAllocator
import Foundation
import StrataCLI

// Batch commands allocate and free columns of hundreds of megabytes. glibc serves each from an
// mmap of its own, which the kernel zeroes page by page and which is unmapped when freed; kept
// in the heap instead, freed columns are reused (1M customers: `analyze` 11.0–11.4 → 10.2–10.5 s
// and peak memory 2.50 → 2.57–2.60 GB; `import` 35.8 → 32.8 s). Nor is the heap's free top
// given back while the command runs (`analyze` 9.5–9.7 → 9.35–9.5 s, system time 2.0 → 1.7 s,
// peak memory +30 to +100 MB). Threads share one heap a core instead of glibc's eight (`analyze`
// 8.73–9.01 → 8.64–8.69 s, peak memory 2.96–3.05 → 2.65 GB: the insights and customers.csv,
// computed side by side, reuse the memory of the rows; one heap for all made the threads wait:
// 8.88–9.20 s). The live service keeps glibc's defaults, so what it frees goes back to the system.
if CommandLine.arguments.dropFirst().first != "serve" {
    strata_keep_large_blocks_in_heap(Int32(ProcessInfo.processInfo.activeProcessorCount))
}

exit(Strata.execute(Array(CommandLine.arguments.dropFirst())))
