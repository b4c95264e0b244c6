package io.lorasweep.eval;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the test resources under {@code src/test/resources/eval/}. */
public final class TestData {

    private TestData() {
    }

    public static Path path(String name) {
        try {
            return Path.of(TestData.class.getResource("/eval/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource eval/" + name, e);
        }
    }

    public static Path mmlu() {
        return path("mmlu");
    }
}
