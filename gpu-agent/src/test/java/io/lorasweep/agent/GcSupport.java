package io.lorasweep.agent;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/**
 * Forces the garbage collector to free every unreachable direct buffer now, so tests can show whether native code
 * still reads memory that only an unreachable Java buffer kept alive.
 */
public final class GcSupport {

    private GcSupport() {
    }

    /**
     * Runs two full collections and waits after each until the JVM's reference handler has processed it. The
     * handler frees direct buffers (their cleaners run on it) one batch per collection, in order; the sentinel of
     * the second collection being enqueued means the first batch, which held our buffers, is done.
     */
    public static void freeUnreachableDirectBuffers() {
        for (int round = 0; round < 2; round++) {
            ReferenceQueue<Object> queue = new ReferenceQueue<>();
            PhantomReference<Object> sentinel = sentinel(queue);
            long deadline = System.nanoTime() + 5_000_000_000L;
            try {
                do {
                    System.gc();
                } while (queue.remove(20) != sentinel && System.nanoTime() < deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sentinel.clear();
        }
    }

    private static PhantomReference<Object> sentinel(ReferenceQueue<Object> queue) {
        return new PhantomReference<>(new Object(), queue);
    }
}
