package io.lorasweep.cli;

import io.lorasweep.controller.ControllerConfig;
import io.lorasweep.controller.ControllerService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "controller", description = "Run the sweep controller (REST API, samplers, pruners, Kafka, ClickHouse).")
final class ControllerCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "REST API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--lease-seconds", defaultValue = "120",
            description = "How long a trial may go without a heartbeat before it is lost and retried (default: ${DEFAULT-VALUE}).")
    int leaseSeconds;

    @Override
    public Integer call() throws Exception {
        ControllerService service = ControllerService.start(new ControllerConfig(
                connections.kafka(io.lorasweep.schemas.messages.KafkaRoles.CONTROLLER),
                connections.clickHouseUrl(), connections.clickHouseUser(), connections.clickHousePassword(), host, port,
                System.getenv(LauncherEnvironment.LORASWEEP_API_TOKEN), LauncherEnvironment.tokenFile(),
                leaseSeconds * 1000L, LauncherEnvironment.spoolDir()));
        System.out.println("controller listening on http://" + host + ":" + service.port()
                + " (API token: LORASWEEP_API_TOKEN, or " + LauncherEnvironment.tokenFile() + ")");
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "controller-shutdown"));
        // a controller that lost its lock ends with an error, so that a supervisor starts it again (to wait)
        return service.awaitEnd() ? 1 : 0;
    }
}
