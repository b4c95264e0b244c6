package io.lorasweep.cli;

import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.runtime.Agent;
import io.lorasweep.agent.runtime.AgentConfig;
import io.lorasweep.agent.runtime.CommandPolicy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "agent", description = "Run a GPU agent: take trials from Kafka, train and evaluate each in its own JVM.")
final class AgentCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Option(names = "--devices", defaultValue = "cpu", split = ",",
            description = "cpu, or cuda:0,cuda:1 — one trial at a time on each (default: ${DEFAULT-VALUE}).")
    List<String> devices;

    @Option(names = "--price-per-hour", defaultValue = "0", description = "USD per device-hour, for the cost report.")
    double pricePerHour;

    @Option(names = "--device-type", description = "Device type for the cost report, e.g. A100-80GB (default: the device).")
    String deviceType;

    @Option(names = "--artifacts", defaultValue = "${env:LORASWEEP_ARTIFACTS:-.lorasweep/artifacts}",
            description = "Artifact store for adapters (env LORASWEEP_ARTIFACTS; default: ${DEFAULT-VALUE}).")
    Path artifacts;

    @Option(names = "--data-root", defaultValue = ".",
            description = "What relative model and data paths in sweep specs resolve against (default: the working directory).")
    Path dataRoot;

    @Option(names = "--heartbeat-seconds", defaultValue = "10", description = "Lease renewal interval (default: ${DEFAULT-VALUE}).")
    double heartbeatSeconds;

    @Option(names = "--grace-seconds", defaultValue = "120",
            description = "On SIGTERM, how long running trials may finish before they are handed back (default: ${DEFAULT-VALUE}).")
    double graceSeconds;

    @Option(names = "--stall-seconds", defaultValue = "600",
            description = "A trial that prints nothing (no metric, no line) for this long is killed with its "
                    + "processes and fails (default: ${DEFAULT-VALUE}).")
    double stallSeconds;

    @Option(names = "--stop-grace-seconds", defaultValue = "60",
            description = "A trial told to stop (pruned, cancelled) that still runs after this long is killed "
                    + "with its processes (default: ${DEFAULT-VALUE}).")
    double stopGraceSeconds;

    @Option(names = "--trial-jvm-options", defaultValue = "-Xms768m -Xmx768m -XX:+AlwaysPreTouch",
            description = "JVM options of each trial's process; a pinned, pre-touched heap keeps the memory "
                    + "estimate true (default: ${DEFAULT-VALUE}).")
    String trialJvmOptions;

    @Option(names = "--allow-commands", arity = "0..1", split = ",", fallbackValue = ANY_PROGRAM,
            paramLabel = "PROGRAMS", description = "Run trainer commands of sweep specs: any program, or only those "
                    + "listed (the command's first word as the spec writes it, e.g. python3). Whoever holds the API "
                    + "token (or can write to Kafka) can then run them on this machine. Default: none.")
    List<String> allowCommands;

    private static final String ANY_PROGRAM = "*";

    @Override
    public Integer call() throws Exception {
        // before anything else (Kafka included): a CUDA device the engine cannot see stops the agent here
        devices.forEach(d -> ComputeDevice.parse(d).requireAvailable());
        String id = InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        Agent agent = new Agent(new AgentConfig(
                connections.kafka(io.lorasweep.schemas.messages.KafkaRoles.AGENT), id, devices,
                deviceType != null ? deviceType : devices.get(0), pricePerHour, artifacts, dataRoot,
                (long) (heartbeatSeconds * 1000), (long) (graceSeconds * 1000),
                Arrays.stream(trialJvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList(),
                (long) (stallSeconds * 1000), (long) (stopGraceSeconds * 1000), commandPolicy()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.countDown();
        }, "agent-shutdown"));
        agent.start();
        System.out.println("agent " + id + " is taking trials on " + devices + (allowCommands == null
                ? "" : "; it runs trainer commands (" + (commandPolicy().allowed().isEmpty() ? "any program"
                        : String.join(", ", allowCommands)) + ")"));
        stopped.await();
        return 0;
    }

    private CommandPolicy commandPolicy() {
        if (allowCommands == null) {
            return CommandPolicy.NONE;
        }
        return allowCommands.contains(ANY_PROGRAM) ? CommandPolicy.ANY : CommandPolicy.only(allowCommands);
    }
}
