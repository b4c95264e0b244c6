package io.lorasweep.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Java main class of this project started as a separate process with this JVM's class path, its output in a
 * log file, announcing readiness with a line {@code LISTENING host:port}.
 */
public final class ChildJvm {

    public static final String READY_PREFIX = "LISTENING ";

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass}. With {@code detached}, the child gets its own session (setsid) so that it outlives
     * the launcher and ignores the terminal's Ctrl-C.
     */
    public static Process start(Class<?> mainClass, List<String> args, List<String> jvmOptions, Path logFile,
                                boolean detached) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>();
        if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // The class path travels in the environment so the command line stays short: Linux shows only its
        // first 4 KiB to ProcessHandle, and `services stop` recognises its processes by their main class.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        return builder.start();
    }

    /** Waits for the ready line in the log and returns its {@code host:port}; fails with the log's tail. */
    public static String awaitReady(Process process, Path logFile, Duration timeout, String what)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> ready = readyAddress(logFile);
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!process.isAlive()) {
                throw new IOException(what + " exited with code " + process.exitValue() + " before it was ready. "
                        + "Last lines of " + logFile + ":\n" + tail(logFile, 60));
            }
            sleep(50);
        }
        process.destroyForcibly();
        throw new IOException(what + " did not become ready within " + timeout.toSeconds() + " s. Last lines of "
                + logFile + ":\n" + tail(logFile, 60));
    }

    private static Optional<String> readyAddress(Path logFile) throws IOException {
        if (!Files.exists(logFile)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(logFile, StandardCharsets.UTF_8)) {
            if (line.startsWith(READY_PREFIX)) {
                return Optional.of(line.substring(READY_PREFIX.length()).trim());
            }
        }
        return Optional.empty();
    }

    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
