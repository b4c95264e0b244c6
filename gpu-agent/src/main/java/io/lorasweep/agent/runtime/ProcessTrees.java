package io.lorasweep.agent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping a process together with everything it started (a trainer command, its data loader workers, its ranks). */
final class ProcessTrees {

    private ProcessTrees() {
    }

    /**
     * SIGTERM to the whole tree, so each can save and exit; SIGKILL to whatever is still alive after {@code graceMs},
     * and to descendants started since; then waits (as long again at most) until they are gone. The tree is listed
     * before the first signal, since the children of a dead parent are re-parented and no longer its descendants.
     */
    static void stop(Process process, long graceMs) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, graceMs)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, graceMs);
        }
    }

    /** Whether every process of the list ended within the time. */
    private static boolean awaitExit(List<ProcessHandle> processes, long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                // onExit does not fail
            }
        }
        return true;
    }
}
