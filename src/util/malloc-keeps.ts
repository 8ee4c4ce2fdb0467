// How much freed memory the C library's malloc keeps, where it is glibc's (Linux): large work asks
// it to keep what it frees, rather than hand it back to the system and fault it in again.
//
// glibc gives back the top of a heap once more than its trim threshold (128 KiB at first) is free
// there: the main heap with brk, each thread's heap with madvise(MADV_DONTNEED). Memory given back
// costs a page fault on each of its 4 KiB pages when it is next used. Freeing a chunk it had mapped
// for itself (one of at least the mmap threshold, 128 KiB at first, and at most 32 MiB on 64-bit)
// raises that threshold to the chunk's size and the trim threshold to twice that (mallopt(3),
// M_MMAP_THRESHOLD and M_TRIM_THRESHOLD; glibc malloc.c, _int_free and heap_trim).
//
// A plan of 10,000 definitions frees and takes again the same few megabytes all along: V8's
// optimizing compiler's working memory (its zones, on its own threads, freed after each function),
// the socket's reads and the HTTP parser's copies of each list page, the larger definition files'
// bytes. At the trim threshold's first value each was handed back and faulted in again: 9,000–12,000
// of the plan's 57,000–67,000 page faults (perf, every fault with its address: a fifth of them at
// an address that had faulted before), 5–7 µs each on the benchmark's machine. The chunk freed here
// raises the thresholds once, for the rest of the process: there the plan took 52,000–54,000 faults
// (14 pairs alternated with the build before: system time 0.81 s at the median against 0.96, CPU
// lower in 10 pairs), and peaked ~8 MiB higher (the heaps' free tops kept), far under its memory
// limit; block YAML 89,000–90,000 faults against 99,000–101,000. Any chunk from 2 MiB to 30 MiB
// took off as many faults (two runs each); 1 MiB a part of them (54,000–58,000 in three runs),
// 0.5 MiB none.
//
// Only large work asks: small work keeps its memory low instead (a plan of 100 is measured against
// a limit a few MiB above a plan of one), which the same rule serves the other way round
// (src/compile-cache.cts, mappedBuffer).
import { Buffer } from 'node:buffer';

/** The chunk's size, bytes: glibc's mmap threshold after it is freed, and half its trim threshold. */
export const KEPT_BYTES = 4 * 1024 * 1024;

/**
 * Makes malloc keep the memory it frees, up to twice KEPT_BYTES at each heap's top, for the rest of
 * the process: a buffer of KEPT_BYTES from malloc (Node's allocator for an ArrayBuffer's memory),
 * which glibc maps for itself and never touches (uninitialized), and frees once a collection finds
 * it dead. Elsewhere than glibc, an allocation that is freed again and changes nothing.
 */
export function mallocKeepsFreedMemory(): void {
  Buffer.allocUnsafeSlow(KEPT_BYTES);
}
