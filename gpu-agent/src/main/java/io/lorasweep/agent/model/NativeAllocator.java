package io.lorasweep.agent.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * glibc's malloc set up for tensor work. libtorch takes every op's output from malloc. A JVM runs Java code on
 * threads that allocate from secondary arenas, which glibc shrinks as soon as their top is free, and blocks above
 * the mmap threshold are mapped and unmapped on every allocation: a forward pass over a batch then faults its
 * activations' pages in again on every pass. Measured on the shipped model (one thread, 2-core machine): a prefill
 * of 32 prompts of ~100 tokens took 1.5 s of CPU per pass, much of it in the kernel, and 0.25 s with blocks up to
 * 32 MB kept in the heap, the heap never trimmed and grown 256 MB at a time. The cost: the process keeps the
 * native memory of its peak until it exits, which is the figure the memory planner budgets anyway.
 */
final class NativeAllocator {

    // mallopt parameters, from glibc's malloc.h
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's ceiling for the mmap threshold on 64-bit (half its 64 MB arena heap). */
    private static final int MMAP_THRESHOLD = 32 << 20;
    private static final int TOP_PAD = 256 << 20;

    private static boolean tuned;

    private NativeAllocator() {
    }

    /** glibc's malloc settings through JNA. */
    private interface CLibrary extends Library {
        int mallopt(int param, int value);
    }

    /** Applies the settings once per process; does nothing where the C library is not glibc. */
    static synchronized void tune() {
        if (tuned || !Platform.isLinux()) {
            return;
        }
        tuned = true;
        try {
            CLibrary c = Native.load("c", CLibrary.class);
            c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
            c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE);
            c.mallopt(M_TOP_PAD, TOP_PAD);
        } catch (UnsatisfiedLinkError e) {
            // not glibc (musl has no tunable mallopt): the defaults stay, only slower
        }
    }
}
