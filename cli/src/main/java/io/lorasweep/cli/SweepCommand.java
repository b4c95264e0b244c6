package io.lorasweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", description = "Create, list, show and watch sweeps through the controller's API.",
        subcommands = {SweepCommand.Create.class, SweepCommand.Ls.class, SweepCommand.Show.class,
            SweepCommand.Watch.class, SweepCommand.Init.class})
final class SweepCommand {

    /** Where the controller is and the token to change things. */
    static class Remote {
        @Option(names = "--controller-url", defaultValue = "${env:LORASWEEP_CONTROLLER_URL:-http://127.0.0.1:8080}",
                description = "The controller (env LORASWEEP_CONTROLLER_URL; default: ${DEFAULT-VALUE}).")
        String url;

        ControllerClient client() {
            return new ControllerClient(url, LauncherEnvironment.apiToken());
        }
    }

    @Command(name = "create", description = "Submit a sweep spec (YAML or JSON).")
    static final class Create extends Remote implements Callable<Integer> {
        @Parameters(paramLabel = "SPEC", description = "The sweep spec file.")
        Path spec;

        @Option(names = "--external", description = "Trials go to your own trainer over the ask/tell API, not to agents.")
        boolean external;

        @Override
        public Integer call() throws Exception {
            String text = Files.readString(spec, StandardCharsets.UTF_8);
            boolean json = spec.getFileName().toString().endsWith(".json");
            JsonNode sweep = client().post("/api/sweeps" + (external ? "?mode=external" : ""), text,
                    json ? "application/json" : "application/yaml");
            System.out.println("created sweep " + sweep.path("sweep_id").asText() + " (" + sweep.path("name").asText()
                    + "); follow it with `./lorasweep sweep watch " + sweep.path("sweep_id").asText() + "`");
            for (JsonNode note : sweep.path("warm_start")) {
                System.out.println("warm start: " + note.asText());
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List sweeps.")
    static final class Ls extends Remote implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            JsonNode sweeps = client().get("/api/sweeps");
            System.out.printf("%-12s %-28s %-10s %-34s %10s %10s %9s%n", "ID", "NAME", "STATE", "TRIALS", "BEST",
                    "GPU-H", "COST $");
            for (JsonNode s : sweeps) {
                System.out.printf(Locale.ROOT, "%-12s %-28s %-10s %-34s %10s %10.3f %9.2f%n", s.path("sweep_id").asText(),
                        truncate(s.path("name").asText(), 28), s.path("state").asText(), states(s), best(s),
                        s.path("gpu_hours").asDouble(), s.path("cost_usd").asDouble());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show a sweep and its trials.")
    static final class Show extends Remote implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            print(client(), id);
            return 0;
        }
    }

    @Command(name = "watch", description = "Follow a sweep live until it ends: trials by state, best so far, spend.")
    static final class Watch extends Remote implements Callable<Integer> {
        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--interval", defaultValue = "2", description = "Seconds between updates (default: ${DEFAULT-VALUE}).")
        double interval;

        @Override
        public Integer call() throws Exception {
            ControllerClient client = client();
            String last = "";
            while (true) {
                JsonNode s = client.get("/api/sweeps/" + id);
                String line = String.format(Locale.ROOT, "%s  %-9s trials %-34s best %s  %.3f GPU-h  $%.2f",
                        java.time.LocalTime.now().withNano(0), s.path("state").asText(), states(s), best(s),
                        s.path("gpu_hours").asDouble(), s.path("cost_usd").asDouble());
                if (!line.substring(9).equals(last)) {
                    System.out.println(line);
                    last = line.substring(9);
                }
                String state = s.path("state").asText();
                if (state.equals("finished") || state.equals("cancelled")) {
                    return 0;
                }
                Thread.sleep((long) (interval * 1000));
            }
        }
    }

    @Command(name = "init", description = "Write a starter spec for a dataset, with comments saying why, to edit.")
    static final class Init implements Callable<Integer> {
        @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "Training data, JSONL.")
        Path dataset;

        @Option(names = "--model", defaultValue = "assets/models/tiny-llama", paramLabel = "DIR",
                description = "Base model folder (HF layout; default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of standard output.")
        Path out;

        @Override
        public Integer call() throws IOException {
            long examples;
            try (Stream<String> lines = Files.lines(dataset, StandardCharsets.UTF_8)) {
                examples = lines.filter(l -> !l.isBlank()).count();
            }
            String spec = StarterSpec.write(dataset.toString(), model, examples);
            if (out == null) {
                System.out.print(spec);
            } else {
                Files.writeString(out, spec, StandardCharsets.UTF_8);
                System.out.println("wrote " + out + " (" + examples + " training examples)");
            }
            return 0;
        }
    }

    static void print(ControllerClient client, String id) throws IOException, InterruptedException {
        JsonNode s = client.get("/api/sweeps/" + id);
        System.out.printf(Locale.ROOT, "%s  %s  %s%ntrials: %s%nbest: %s (trial %s)%nspend: %.3f GPU-h, $%.2f%n%n",
                s.path("sweep_id").asText(), s.path("name").asText(), s.path("state").asText(), states(s), best(s),
                s.path("best_trial").asText("-"), s.path("gpu_hours").asDouble(), s.path("cost_usd").asDouble());
        System.out.printf("%5s %3s %-10s %12s %-60s %s%n", "TRIAL", "TRY", "STATE", "OBJECTIVE", "PARAMS", "REASON");
        for (JsonNode a : client.get("/api/sweeps/" + id + "/trials")) {
            System.out.printf(Locale.ROOT, "%5d %3d %-10s %12s %-60s %s%n", a.path("trial").asInt(),
                    a.path("attempt").asInt(), a.path("state").asText(),
                    objectives(a), truncate(a.path("params").toString(), 60), a.path("reason").asText());
        }
    }

    /** The objective's value, or every objective's of a sweep that has several; "-" before it completes. */
    private static String objectives(JsonNode attempt) {
        List<String> values = new ArrayList<>();
        attempt.path("objectives").forEach(v -> values.add(String.format(Locale.ROOT, "%.4g", v.asDouble())));
        if (!values.isEmpty()) {
            return String.join(", ", values);
        }
        return attempt.path("objective").isNumber()
                ? String.format(Locale.ROOT, "%.5g", attempt.path("objective").asDouble()) : "-";
    }

    private static String states(JsonNode sweep) {
        StringBuilder b = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = sweep.path("trials_by_state").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asInt());
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static String best(JsonNode sweep) {
        return sweep.path("best").isNumber() ? String.format(Locale.ROOT, "%.5g", sweep.path("best").asDouble()) : "-";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
