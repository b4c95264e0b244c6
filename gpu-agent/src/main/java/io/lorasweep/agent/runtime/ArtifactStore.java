package io.lorasweep.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder where adapters and trial logs go. Every path in it comes from a message (a sweep id, say), so each
 * is checked before use: no absolute path, no {@code ..}, and no symbolic link that leads outside, whoever made it.
 */
public final class ArtifactStore {

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The folder of one attempt: {@code SWEEP/trial-N-attempt-M}. */
    public Path attemptDir(String sweepId, int trialId, int attempt) throws IOException {
        return resolve(sweepId + "/trial-" + trialId + "-attempt-" + attempt);
    }

    /** {@code relative} inside the store, or an IOException naming why it would leave it. */
    public Path resolve(String relative) throws IOException {
        if (relative == null || relative.isBlank()) {
            throw new IOException("an artifact path must not be empty");
        }
        Path given = Path.of(relative);
        if (given.isAbsolute()) {
            throw new IOException("artifact path '" + relative + "' is absolute; it must be relative to " + root);
        }
        for (Path part : given) {
            if (part.toString().equals("..")) {
                throw new IOException("artifact path '" + relative + "' climbs out with '..'");
            }
        }
        Path target = root.resolve(given).normalize();
        if (!target.startsWith(root)) {
            throw new IOException("artifact path '" + relative + "' leaves " + root);
        }
        // a symbolic link on the way may point anywhere: judge by where the existing part really is
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && Files.exists(root)) {
            Path real = existing.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                throw new IOException("artifact path '" + relative + "' leads through a symbolic link to " + real
                        + ", outside " + root);
            }
        }
        return target;
    }
}
