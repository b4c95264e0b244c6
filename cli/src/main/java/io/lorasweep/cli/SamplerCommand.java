package io.lorasweep.cli;

import io.lorasweep.controller.sampler.AskTellProtocol;
import io.lorasweep.controller.sampler.Sampler;
import io.lorasweep.controller.sampler.Samplers;
import io.lorasweep.controller.sampler.SearchSpace;
import io.lorasweep.schemas.SpecCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sampler", description = {"The sampler alone, as an ask-and-tell loop over JSON lines on standard "
        + "input and output:",
    "  {\"op\":\"ask\"} -> {\"trial\":0,\"params\":{...}}",
    "  {\"op\":\"tell\",\"trial\":0,\"value\":1.5} or {\"op\":\"tell\",\"trial\":0,\"state\":\"failed\"} -> {\"ok\":true}",
    "  with several --goal: {\"op\":\"tell\",\"trial\":0,\"values\":[0.8,0.2]}, one value per goal, in order",
    "  {\"op\":\"report\",\"trial\":0,\"step\":3,\"value\":2} -> {\"ok\":true}: an intermediate value",
    "  {\"op\":\"add\",\"params\":{...},\"value\":2.0} -> {\"ok\":true,\"trial\":7}",
    "  {\"op\":\"prior\",\"params\":{...},\"value\":2.0} -> {\"ok\":true}: a trial of an earlier sweep (a warm "
        + "start), only before the first ask or add",
    "  {\"op\":\"front\"} -> {\"front\":[{\"trial\":3,\"values\":[...],\"params\":{...}}]}: the complete trials no "
        + "other matches or beats in every goal",
    "  a bad request -> {\"error\":\"...\"}, and the loop goes on."})
final class SamplerCommand implements Callable<Integer> {

    @Option(names = "--space", required = true, paramLabel = "FILE",
            description = "YAML or JSON file with a `parameters` block in the sweep spec's syntax.")
    Path space;

    @Option(names = "--goal", required = true, paramLabel = "minimize|maximize", description = "The direction "
            + "of each objective, in order: repeat it for several (multi-objective TPE).")
    List<String> goals;

    @Option(names = "--sampler", defaultValue = "tpe", description = "tpe, random or grid (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--multivariate", negatable = true, description = "TPE: sample jointly over the parameters "
            + "every trial has (default, as in Optuna 5, when more than one parameter is searched for one goal), or not.")
    Boolean multivariate;

    @Option(names = "--group", description = "TPE: multivariate within groups of parameters that occur together.")
    boolean group;

    @Option(names = "--constant-liar", negatable = true, description = "TPE: count running trials as bad, to spread "
            + "parallel asks (default, as in Optuna 5), or not.")
    Boolean constantLiar;

    @Option(names = "--n-startup-trials", paramLabel = "N", description = "TPE: random trials first (default 10).")
    Integer startupTrials;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: from the clock).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        boolean[] minimize = new boolean[goals.size()];
        for (int k = 0; k < minimize.length; k++) {
            String goal = goals.get(k);
            if (!goal.equals("minimize") && !goal.equals("maximize")) {
                throw new IllegalArgumentException("--goal must be minimize or maximize, got " + goal);
            }
            minimize[k] = goal.equals("minimize");
        }
        String name = space.getFileName().toString();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        SearchSpace searchSpace = SearchSpace.fromSpec(
                SpecCodec.parseParameters(Files.readString(space, StandardCharsets.UTF_8), yaml));
        Sampler chosen = Samplers.create(searchSpace, minimize, sampler, seed, startupTrials,
                multivariate, group, constantLiar);
        AskTellProtocol protocol = new AskTellProtocol(chosen, searchSpace, minimize);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            out.println(protocol.handle(line));
            out.flush();
        }
        return 0;
    }
}
