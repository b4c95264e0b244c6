package io.lorasweep.eval.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over a sequence of parts (strings and file contents), each length-prefixed so that parts cannot run
 * into each other ("ab"+"c" differs from "a"+"bc"). Used for {@link Task#fingerprint()}.
 */
public final class Fingerprint {

    private final MessageDigest digest;

    public Fingerprint() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public Fingerprint add(String part) {
        return addBytes(part.getBytes(StandardCharsets.UTF_8));
    }

    /** The file's bytes (not its path, so a moved copy fingerprints the same). */
    public Fingerprint addFile(Path file) {
        try {
            return addBytes(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to fingerprint it", e);
        }
    }

    private Fingerprint addBytes(byte[] bytes) {
        long n = bytes.length;
        for (int i = 7; i >= 0; i--) {
            digest.update((byte) (n >>> (8 * i)));
        }
        digest.update(bytes);
        return this;
    }

    /** Lower-case hex; the fingerprint can no longer be added to afterwards. */
    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
