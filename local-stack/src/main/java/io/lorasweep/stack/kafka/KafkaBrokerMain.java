package io.lorasweep.stack.kafka;

import io.lorasweep.stack.ChildJvm;
import io.lorasweep.stack.Ports;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The broker as its own process, for {@code lorasweep services start}.
 *
 * <p>Usage: {@code KafkaBrokerMain --data DIR [--host 127.0.0.1] [--port 0] [--controller-port 0]
 * [--admin-password-file FILE]}. With an admin password the broker takes only logins ({@link KafkaBroker}). Prints
 * {@code LISTENING host:port} once the broker is up.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = null;
        String host = "127.0.0.1";
        int port = 0;
        int controllerPort = 0;
        String adminPassword = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--controller-port" -> controllerPort = Integer.parseInt(value);
                case "--admin-password-file" -> adminPassword = java.nio.file.Files.readString(Path.of(value),
                        java.nio.charset.StandardCharsets.UTF_8).strip();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --data, --host, --port, --controller-port, --admin-password-file");
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required");
        }
        KafkaBroker broker = KafkaBroker.start(data, host, port == 0 ? Ports.free() : port,
                controllerPort == 0 ? Ports.free() : controllerPort, adminPassword);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "kafka-shutdown"));
        System.out.println(ChildJvm.READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
