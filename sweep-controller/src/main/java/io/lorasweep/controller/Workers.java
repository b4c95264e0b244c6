package io.lorasweep.controller;

import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** Work handed to a Vert.x worker pool by a caller that waits for it. */
final class Workers {

    private Workers() {
    }

    /**
     * Runs {@code work} on {@code pool}; the result is completed by the worker thread itself. A Vert.x future would
     * deliver it through the caller's context, which never runs while its own task waits for it: a worker verticle
     * that waited for its recorder would wait forever.
     */
    static <T> CompletableFuture<T> submit(WorkerExecutor pool, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pool.executeBlocking(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
            return null;
        }, false);
        return result;
    }
}
