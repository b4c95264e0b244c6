package io.lorasweep.stack.chdb;

import io.lorasweep.stack.ChildJvm;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The embedded ClickHouse as its own process: chDB is loaded here, never in the launcher's or a test's JVM, so a
 * native fault in the engine cannot take them down.
 *
 * <p>Usage: {@code ClickHouseServerMain --data DIR [--host 127.0.0.1] [--port 0] [--lib libchdb.so]
 * [--max-query-seconds 60] [--password-file FILE]}. Prints {@code LISTENING host:port} once it answers. With a
 * password file, every request but {@code /ping} must carry user {@code default} and the file's password.
 */
public final class ClickHouseServerMain {

    private ClickHouseServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        String host = "127.0.0.1";
        int port = 0;
        Path lib = null;
        long maxQuerySeconds = ClickHouseHttpServer.DEFAULT_MAX_QUERY_SECONDS;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--data" -> data = Path.of(required(args[i], value));
                case "--host" -> host = required(args[i], value);
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--lib" -> lib = Path.of(required(args[i], value));
                case "--max-query-seconds" -> maxQuerySeconds = Long.parseLong(required(args[i], value));
                case "--password-file" -> password = java.nio.file.Files.readString(Path.of(required(args[i], value)))
                        .strip();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --data, --host, --port, --lib, --max-query-seconds, --password-file");
            }
            i++;
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("--password-file names an empty file");
        }
        ChdbEngine engine = ChdbEngine.open(lib != null ? lib : ChdbLibrary.require(), data);
        ClickHouseHttpServer server = ClickHouseHttpServer.start(engine, host, port, maxQuerySeconds, password);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            stopped.countDown();
        }, "clickhouse-shutdown"));
        System.out.println(ChildJvm.READY_PREFIX + host + ":" + server.port());
        System.out.flush();
        stopped.await();
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
