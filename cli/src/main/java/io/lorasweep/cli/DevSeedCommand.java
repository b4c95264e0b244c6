package io.lorasweep.cli;

import io.lorasweep.devtools.SeedPlan;
import io.lorasweep.devtools.SyntheticHistory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dev", description = "Tools for developing LoRA Sweep.", subcommands = DevSeedCommand.Seed.class)
final class DevSeedCommand {

    @Command(name = "seed", description = "Write a synthetic sweep (its name starts with SYNTHETIC) with realistic "
            + "trials, curves, evals, costs and a baseline straight into ClickHouse, for benchmarks and tests.")
    static final class Seed implements Callable<Integer> {

        @Mixin
        ConnectionOptions connections;

        @Option(names = "--trials", defaultValue = "1000", description = "Trials to write (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--points-per-trial", defaultValue = "100",
                description = "Metric points per trial attempt, train and eval loss (default: ${DEFAULT-VALUE}).")
        int points;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            SeedPlan plan = new SeedPlan(trials, points, seed);
            String url = connections.clickHouseUrl();
            System.out.println("writing " + trials + " synthetic trials × " + points + " points to " + url);
            SyntheticHistory.Result r = new SyntheticHistory(url, connections.clickHouseUser(),
                    connections.clickHousePassword()).write(plan, System.out::println);
            System.out.printf("sweep %s (%s): %d trials, %d attempts, %d metric points, %d eval rows in %.1f s%n",
                    r.sweepId(), r.name(), r.trials(), r.attempts(), r.metricPoints(), r.evalRows(), r.millis() / 1000.0);
            return 0;
        }
    }
}
