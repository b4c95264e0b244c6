package io.lorasweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.agent.runtime.Agent;
import io.lorasweep.agent.runtime.AgentConfig;
import io.lorasweep.agent.runtime.TinyWorld;
import io.lorasweep.controller.ControllerConfig;
import io.lorasweep.controller.ControllerService;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.messages.KafkaAccess;
import io.lorasweep.stack.chdb.LocalClickHouse;
import io.lorasweep.stack.junit.LocalClickHouseExtension;
import io.lorasweep.stack.junit.LocalKafkaExtension;
import io.lorasweep.stack.kafka.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path of a trial, with every part real: the controller's TPE proposes, Kafka carries, an agent trains
 * and evaluates a (tiny) Llama with LoRA in child JVMs, and every number lands in ClickHouse.
 */
@ExtendWith({LocalKafkaExtension.class, LocalClickHouseExtension.class})
class PipelineEndToEndTest {

    @Test
    void aSweepTrainsRealAdaptersAndRecordsEveryNumber(KafkaBroker kafka, LocalClickHouse ch, @TempDir Path root)
            throws Exception {
        TinyWorld.write(root);
        String spec = """
                name: tiny-pipeline
                base_model: model
                dataset: {train: data/train.jsonl, eval: data/eval.jsonl}
                tasks: [{name: heldout, type: perplexity, data: data/heldout.txt}]
                parameters:
                  rank: {values: [2, 4]}
                  learning_rate: {distribution: log_uniform_values, min: 1.0e-3, max: 3.0e-2}
                  use_dora: {values: [false, true]}
                fixed: {target_modules: [q_proj, v_proj], max_steps: 4, batch_size: 4, eval_every: 2}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: tpe, seed: 3, n_startup_trials: 2}
                budget: {max_trials: 3, max_parallel: 1}
                prices: {cpu-test: 0.36}
                """;
        try (ControllerService controller = ControllerService.start(new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()),
                ch.httpUrl(), "default", "", "127.0.0.1", 0, "t", null, 120_000, root.resolve("spool")));
             Agent agent = new Agent(new AgentConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), "pipeline-agent", List.of("cpu"),
                     "cpu-test", 0.36, root.resolve("artifacts"), root, 1000, 30_000, List.of("-Xmx1g")))) {
            agent.start();
            String id = controller.createSweep(SpecCodec.parseYaml(spec), false);
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            ControllerService.SweepSummary s = controller.sweep(id);
            while (!s.state().equals("finished") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                s = controller.sweep(id);
            }
            assertEquals("finished", s.state(), s.toString());
            assertEquals(3L, s.trialsByState().get("complete"), s.toString());
            assertTrue(s.costUsd() > 0, "trials are paid for");

            for (ControllerService.AttemptView a : controller.trials(id)) {
                assertTrue(Files.exists(root.resolve("artifacts").resolve(a.adapterPath())
                        .resolve("adapter_model.safetensors")), a.toString());
                assertTrue(a.objective() > 0 && Double.isFinite(a.objective()), a.toString());
            }
            try (Connection c = ClickHouseJdbc.connect(ch.httpUrl(), "default", "");
                 Statement st = c.createStatement()) {
                assertEquals(3, count(st, "SELECT count() FROM evals FINAL WHERE sweep_id = '" + id
                        + "' AND task = 'heldout' AND metric = 'perplexity'"));
                assertEquals(3, count(st, "SELECT countDistinct(trial_id) FROM metrics FINAL WHERE sweep_id = '" + id
                        + "' AND name = 'train_loss'"));
                assertEquals(3, count(st, "SELECT count() FROM costs FINAL WHERE sweep_id = '" + id
                        + "' AND device_type = 'cpu-test' AND cost_usd > 0"));
                // the first trial measured the base model's 5-shot baseline before training, once for the sweep
                assertEquals(1, count(st, "SELECT count() FROM baselines FINAL WHERE base_model = 'model' AND task = "
                        + "'heldout' AND data = 'data/heldout.txt' AND shots = 5 AND metric = 'perplexity' "
                        + "AND label = '' AND value > 1"));
                // and every run's items, for the dashboard's paired tests: the baseline's and each trial's
                assertEquals(4, count(st, "SELECT uniqExact(source, trial_id, attempt) FROM eval_items FINAL "
                        + "WHERE sweep_id = '" + id + "' AND task = 'heldout' AND metric = 'perplexity'"));
            }
        }
    }

    /**
     * A sweep that trains on an eval task's own data: the trial learns the task's prompts, and every run's prompt
     * facts land in ClickHouse beside its metrics, the trial's in evals and the base model's in baselines. The tiny
     * model's context (128 tokens, 64 kept for a summary) holds a few of the five shots the baseline asks for, not
     * all: the baseline says how many it used.
     */
    @Test
    void aSweepTrainsOnATasksDataAndRecordsHowItsPromptsFit(KafkaBroker kafka, LocalClickHouse ch, @TempDir Path root)
            throws Exception {
        TinyWorld.write(root);
        Path notes = Files.createDirectories(root.resolve("data/notes"));
        List<String> train = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            train.add("{\"id\": \"s" + i + "\", \"text\": \"one two three four five six seven " + i
                    + "\", \"summary\": \"one two " + i + "\"}");
        }
        Files.write(notes.resolve("train.jsonl"), train);
        Files.write(notes.resolve("test.jsonl"), List.of(
                "{\"id\": \"t1\", \"text\": \"nine eight seven six\", \"summary\": \"nine\"}",
                "{\"id\": \"t2\", \"text\": \"five four three two\", \"summary\": \"five\"}"));
        String spec = """
                name: tiny-task-data
                base_model: model
                dataset: {task: notes}
                tasks: [{name: notes, type: summarization, data: data/notes}]
                parameters:
                  learning_rate: {values: [1.0e-2]}
                fixed: {rank: 2, target_modules: [q_proj, v_proj], max_steps: 2, batch_size: 4, eval_every: 1}
                metric: {name: eval_loss, goal: minimize}
                sampler: {type: random, seed: 1}
                budget: {max_trials: 1, max_parallel: 1}
                """;
        try (ControllerService controller = ControllerService.start(new ControllerConfig(KafkaAccess.plaintext(kafka.bootstrapServers()),
                ch.httpUrl(), "default", "", "127.0.0.1", 0, "t", null, 120_000, root.resolve("spool")));
             Agent agent = new Agent(new AgentConfig(KafkaAccess.plaintext(kafka.bootstrapServers()), "task-data-agent", List.of("cpu"),
                     "cpu-test", 0.36, root.resolve("artifacts"), root, 1000, 30_000, List.of("-Xmx1g")))) {
            agent.start();
            String id = controller.createSweep(SpecCodec.parseYaml(spec), false);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            ControllerService.SweepSummary s = controller.sweep(id);
            while (!s.state().equals("finished") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                s = controller.sweep(id);
            }
            assertEquals("finished", s.state(), s.toString());
            assertEquals(1L, s.trialsByState().get("complete"), s.toString());
            try (Connection c = ClickHouseJdbc.connect(ch.httpUrl(), "default", "");
                 Statement st = c.createStatement()) {
                // it trained and took its eval loss on the task's notes
                assertEquals(1, count(st, "SELECT count() FROM metrics FINAL WHERE sweep_id = '" + id
                        + "' AND name = 'eval_loss' AND step = 2"));
                // the adapter was scored zero-shot, as it was trained, every prompt whole with its answer's room
                String trialFacts = "SELECT value FROM evals FINAL WHERE sweep_id = '" + id + "' AND task = 'notes' "
                        + "AND label = '' AND metric = ";
                assertEquals(0.0, value(st, trialFacts + "'shots_used'"));
                assertEquals(128.0, value(st, trialFacts + "'context_tokens'"));
                assertEquals(64.0, value(st, trialFacts + "'answer_tokens'"));
                assertTrue(value(st, trialFacts + "'prompt_tokens_max'") + 64 <= 128);
                // the base model was asked for 5 shots: its prompts held fewer, and the record says how many
                String baseFacts = "SELECT value FROM baselines FINAL WHERE base_model = 'model' AND task = 'notes' "
                        + "AND shots = 5 AND label = '' AND metric = ";
                assertEquals(5.0, value(st, baseFacts + "'shots_asked'"));
                double used = value(st, baseFacts + "'shots_used'");
                assertTrue(used > 0 && used < 5, "shots used: " + used);
                assertTrue(value(st, baseFacts + "'prompt_tokens_max'") + 64 <= 128);
            }
        }
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The one value a query returns; a missing row fails. */
    private static double value(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), "no row for " + sql);
            return rs.getDouble(1);
        }
    }
}
