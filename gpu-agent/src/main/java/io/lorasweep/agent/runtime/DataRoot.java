package io.lorasweep.agent.runtime;

import io.lorasweep.schemas.messages.TrialAssignment;
import io.lorasweep.schemas.spec.EvalTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder an agent serves models and data from. A spec's paths (base model, dataset files, task data) resolve
 * against it and must stay inside it once {@code ..} and symbolic links are
 * resolved: whoever can send an assignment must not make the agent read any other file it can read.
 */
final class DataRoot {

    private final Path root;

    DataRoot(Path root) {
        this.root = real(root.toAbsolutePath().normalize());
    }

    /** {@code path} resolved against the root, or an IllegalArgumentException naming {@code what} left it. */
    Path resolve(String path, String what) {
        Path resolved = root.resolve(path).normalize();
        if (!real(resolved).startsWith(root)) {
            throw new IllegalArgumentException(what + " '" + path + "' is outside the agent's data root " + root
                    + ": a spec's paths resolve against it, and absolute paths, '..' and links must stay inside");
        }
        return resolved;
    }

    /**
     * Every model and data path the assignment names, checked before anything is read. (Which programs a trainer
     * command may run is the agent operator's policy, not a path's.)
     */
    void confine(TrialAssignment a) {
        resolve(a.baseModel(), "base_model");
        if (a.dataset() != null) {
            for (String[] file : new String[][] {{a.dataset().train(), "dataset.train"},
                    {a.dataset().eval(), "dataset.eval"}, {a.dataset().test(), "dataset.test"}}) {
                if (file[0] != null) {
                    resolve(file[0], file[1]);
                }
            }
        }
        for (EvalTask task : a.tasks()) {
            if (task.data() != null) {
                resolve(task.data(), "tasks." + task.name() + ".data");
            }
        }
    }

    /** The real path of {@code p}: of its nearest existing ancestor, with the names that do not exist yet. */
    private static Path real(Path p) {
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + p, e);
        }
    }
}
