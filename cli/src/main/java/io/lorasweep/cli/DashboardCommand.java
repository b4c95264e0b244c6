package io.lorasweep.cli;

import io.lorasweep.dashboard.DashboardConfig;
import io.lorasweep.dashboard.DashboardServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dashboard", description = "Serve the dashboard over ClickHouse: sweeps, rankings, the baseline "
        + "table, curves, quality vs cost and the cost report (read-only; API at /api, OpenAPI at /api/openapi.json).")
final class DashboardCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connections;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        DashboardServer server = DashboardServer.start(DashboardConfig.of(connections.clickHouseUrl(),
                connections.clickHouseUser(), connections.clickHousePassword(), host, port));
        System.out.println("dashboard on http://" + host + ":" + server.port() + "/ (reading "
                + connections.clickHouseUrl() + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dashboard-shutdown"));
        stopped.await();
        return 0;
    }
}
