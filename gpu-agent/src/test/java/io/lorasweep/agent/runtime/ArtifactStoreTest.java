package io.lorasweep.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

    @Test
    void attemptFoldersStayInsideTheStore(@TempDir Path dir) throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
        assertEquals(dir.resolve("artifacts/sw-1/trial-3-attempt-2"), store.attemptDir("sw-1", 3, 2));
        assertEquals(dir.resolve("artifacts/a/b.txt"), store.resolve("a/./b.txt"));
    }

    @Test
    void pathsThatWouldLeaveTheStoreAreRefusedWithTheReason(@TempDir Path dir) throws Exception {
        ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
        assertTrue(message(() -> store.attemptDir("../../etc", 0, 1)).contains("climbs out with '..'"));
        assertTrue(message(() -> store.resolve("a/../../b")).contains("'..'"));
        assertTrue(message(() -> store.resolve("/etc/passwd")).contains("is absolute"));
        assertTrue(message(() -> store.resolve("")).contains("must not be empty"));
    }

    @Test
    void aSymbolicLinkOutOfTheStoreIsRefused(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("artifacts"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root.resolve("sw-evil"), outside);
        Files.createDirectories(root.resolve("sw-good"));
        Files.createSymbolicLink(root.resolve("sw-alias"), root.resolve("sw-good"));
        ArtifactStore store = new ArtifactStore(root);
        assertTrue(message(() -> store.attemptDir("sw-evil", 0, 1)).contains("symbolic link"));
        assertEquals(root.resolve("sw-alias/trial-0-attempt-1"), store.attemptDir("sw-alias", 0, 1),
                "a link that stays inside is fine");
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(IOException.class, call).getMessage();
    }
}
