package io.lorasweep.stack.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Where {@code libchdb.so} is: the launcher installs the pinned npm package into a cache folder. */
public final class ChdbLibrary {

    public static final String PACKAGE;
    public static final String VERSION;

    static {
        Properties p = new Properties();
        try (InputStream in = ChdbLibrary.class.getResourceAsStream("/io/lorasweep/stack/chdb.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PACKAGE = p.getProperty("chdb.package");
        VERSION = p.getProperty("chdb.version");
    }

    private ChdbLibrary() {
    }

    /**
     * {@code LORASWEEP_CHDB_LIB} (or {@code -Dlorasweep.chdb.lib}) if set, else the launcher's cache folder
     * ({@code LORASWEEP_CACHE}, default {@code ~/.cache/lorasweep}).
     */
    public static Path locate() {
        String explicit = System.getProperty("lorasweep.chdb.lib", System.getenv("LORASWEEP_CHDB_LIB"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String cache = System.getenv("LORASWEEP_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "lorasweep");
        return root.resolve("chdb-" + VERSION).resolve("node_modules").resolve(PACKAGE).resolve("libchdb.so");
    }

    /** The library's path, or an error that names the command that installs it. */
    public static Path require() throws IOException {
        Path lib = locate();
        if (!Files.isRegularFile(lib)) {
            throw new IOException("the ClickHouse engine (chDB " + VERSION + ") is not installed: " + lib
                    + " is missing. Run `./lorasweep setup` (it runs `npm install " + PACKAGE + "@" + VERSION
                    + "` into the cache folder), or set LORASWEEP_CHDB_LIB to a libchdb.so");
        }
        return lib;
    }
}
