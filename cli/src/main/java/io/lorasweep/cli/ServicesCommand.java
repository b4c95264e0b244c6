package io.lorasweep.cli;

import io.lorasweep.stack.LocalServices;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "services", description = "The one-machine stack: a Kafka broker and an embedded ClickHouse (chDB).",
        subcommands = {ServicesCommand.Start.class, ServicesCommand.Stop.class, ServicesCommand.Status.class})
final class ServicesCommand {

    @Command(name = "start", description = "Start Kafka and ClickHouse on 127.0.0.1 as background processes and "
            + "write their addresses to .lorasweep/services.env.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--kafka-port", defaultValue = "0", description = "Kafka port (0: a free port).")
        int kafkaPort;

        @Option(names = "--clickhouse-port", defaultValue = "0", description = "ClickHouse HTTP port (0: a free port).")
        int clickHousePort;

        @Override
        public Integer call() throws Exception {
            LocalStack.start(new LocalServices(LauncherEnvironment.home()), kafkaPort, clickHousePort, System.out);
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the processes `services start` started (safe to call twice).")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            new LocalServices(LauncherEnvironment.home()).stop(System.out);
            return 0;
        }
    }

    @Command(name = "status", description = "Exit 0 only when both Kafka and ClickHouse answer.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            LocalServices.Status status = new LocalServices(LauncherEnvironment.home()).status();
            System.out.printf("kafka       %-9s %s%n", status.kafkaAnswers() ? "up" : "down",
                    status.addresses().getOrDefault(LocalServices.KAFKA_BOOTSTRAP, "(not started)"));
            System.out.printf("clickhouse  %-9s %s%s%n", status.clickHouseAnswers() ? "up" : "down",
                    status.addresses().getOrDefault(LocalServices.CLICKHOUSE_URL, "(not started)"),
                    status.clickHouseAnswers() ? "   (ClickHouse " + status.clickHouseVersion() + ")" : "");
            return status.healthy() ? 0 : 1;
        }
    }
}
