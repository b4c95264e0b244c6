package io.lorasweep.devtools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.SpecCodec;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.db.ClickHouseJdbc;
import io.lorasweep.schemas.db.HttpRowInsert;
import io.lorasweep.schemas.db.Migrations;
import io.lorasweep.schemas.db.RowBatch;
import io.lorasweep.schemas.db.TableRow;
import io.lorasweep.schemas.spec.SweepSpec;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes a realistic synthetic sweep straight into ClickHouse, rows shaped as the controller writes them: a clinical
 * NER sweep over rank, alpha, target modules, learning rate, dropout and DoRA, whose trials complete, get pruned,
 * fail, diverge (too high a learning rate: the loss ends NaN), are lost and retried, or are cancelled; loss curves
 * that fall, flatten when the learning rate is tiny and overfit at rank 32 without dropout; per-class F1 with
 * bootstrap-like intervals; costs on two device types; and the 5-shot baseline of the base model. The sweep's name
 * starts with {@code SYNTHETIC} so nobody mistakes it for a real run.
 *
 * <p>For benchmarks and tests of the dashboard; the numbers follow a made-up response surface, not a model.
 */
public final class SyntheticHistory {

    /** What was written. */
    public record Result(String sweepId, String name, long trials, long attempts, long metricPoints, long evalRows,
                         long millis) {
    }

    static final String TASK = "clinical-ner";
    static final List<String> LABELS = List.of("MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE");
    static final double[] LABEL_OFFSET = {0.05, -0.04, 0.02, -0.06};
    static final int[] RANKS = {8, 16, 32};
    static final int[] ALPHAS = {16, 32, 64};
    static final List<Object> MODULES = List.of(List.of("q_proj", "v_proj"),
            List.of("q_proj", "k_proj", "v_proj", "o_proj"), "all-linear");
    static final double[] DROPOUTS = {0.0, 0.05, 0.1};
    static final String BASE_MODEL = "assets/models/tiny-llama";
    static final String EVAL_DATA = "assets/data/clinical-ner/eval.jsonl";
    static final double BASELINE_F1 = 0.42;
    static final double BASELINE_GK = 0.46;
    static final long TOTAL_STEPS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String user;
    private final String password;

    public SyntheticHistory(String url, String user, String password) {
        this.url = url;
        this.user = user == null || user.isBlank() ? "default" : user;
        this.password = password == null ? "" : password;
    }

    /** The spec of the synthetic sweep, checked by the same contract as a real one. */
    public static SweepSpec spec(String name) {
        return SpecCodec.parseYaml("""
                name: %s
                base_model: %s
                dataset: {train: assets/data/clinical-ner/train.jsonl, eval: %s}
                tasks:
                  - {name: clinical-ner, type: ner, data: %s, labels: [MEDICATION, DOSAGE, CONDITION, PROCEDURE]}
                  - {name: general-knowledge, type: multiple_choice, data: assets/data/general-knowledge/eval.jsonl, shots: 5}
                parameters:
                  rank: {values: [8, 16, 32]}
                  alpha: {values: [16, 32, 64]}
                  target_modules: {values: [[q_proj, v_proj], [q_proj, k_proj, v_proj, o_proj], all-linear]}
                  learning_rate: {distribution: log_uniform_values, min: 1.0e-5, max: 1.0e-3}
                  dropout: {values: [0.0, 0.05, 0.1]}
                  use_dora: {values: [false, true]}
                fixed: {quantization: nf4, epochs: 3, batch_size: 8}
                metric: {name: clinical-ner/f1, goal: maximize}
                sampler: {type: random, seed: 1}
                budget: {max_trials: 10000000, max_parallel: 8}
                baseline: {shots: 5}
                regression_gates: [{task: general-knowledge, metric: acc, max_drop: 0.02}]
                prices: {a10g: 1.01, l4: 0.8}
                """.formatted(name, BASE_MODEL, EVAL_DATA, EVAL_DATA));
    }

    public Result write(SeedPlan plan, Consumer<String> progress) throws IOException, SQLException {
        long t0 = System.currentTimeMillis();
        try (Connection c = ClickHouseJdbc.connect(url, user, password)) {
            Migrations.apply(c);
        }
        String sweepId = "synthetic-" + UUID.randomUUID();
        // spec names allow letters, digits, '.', '_' and '-' only
        String name = "SYNTHETIC-clinical-ner-" + plan.trials() + "x" + plan.pointsPerTrial() + "-seed" + plan.seed()
                + "-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(java.time.ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(t0));
        SweepSpec spec = spec(name);
        HttpRowInsert insert = new HttpRowInsert(url, user, password);
        long created = t0 - plan.trials() * 20_000L - 3_600_000L;
        String specJson = SpecCodec.toJson(spec);
        insert.insert(new RowBatch(TableRow.Sweep.TABLE).add(new TableRow.Sweep(sweepId, name, specJson, "running",
                "agents", created, created)));
        baselines(insert, spec, sweepId, t0);

        RowSink trials = new RowSink(insert, TableRow.Trial.TABLE);
        RowSink metrics = new RowSink(insert, TableRow.Metric.TABLE);
        RowSink evals = new RowSink(insert, TableRow.Eval.TABLE);
        RowSink costs = new RowSink(insert, TableRow.Cost.TABLE);
        SplittableRandom random = new SplittableRandom(plan.seed());
        long step = Math.max(1, plan.trials() / 20);
        for (int id = 0; id < plan.trials(); id++) {
            new SyntheticTrial(sweepId, id, random, created + id * 20_000L, plan.pointsPerTrial())
                    .write(trials, metrics, evals, costs);
            if (progress != null && (id + 1) % step == 0) {
                progress.accept("  " + (id + 1) + " / " + plan.trials() + " trials");
            }
        }
        trials.flush();
        metrics.flush();
        evals.flush();
        costs.flush();
        insert.insert(new RowBatch(TableRow.Sweep.TABLE).add(new TableRow.Sweep(sweepId, name, specJson, "finished",
                "agents", created, System.currentTimeMillis())));
        return new Result(sweepId, name, plan.trials(), trials.count(), metrics.count(), evals.count(),
                System.currentTimeMillis() - t0);
    }

    /** The 5-shot base model on both tasks (shared by every sweep on the same model and data; rewriting is idempotent). */
    private static void baselines(HttpRowInsert insert, SweepSpec spec, String sweepId, long at)
            throws IOException {
        BaselineKey ner = BaselineKey.of(spec, spec.tasks().get(0));
        BaselineKey knowledge = BaselineKey.of(spec, spec.tasks().get(1));
        RowBatch b = new RowBatch(TableRow.Baseline.TABLE);
        b.add(new TableRow.Baseline(ner, "f1", "", BASELINE_F1, BASELINE_F1 - 0.05, BASELINE_F1 + 0.05, at, sweepId));
        for (int i = 0; i < LABELS.size(); i++) {
            double v = BASELINE_F1 + LABEL_OFFSET[i] - 0.03;
            b.add(new TableRow.Baseline(ner, "f1", LABELS.get(i), v, v - 0.09, v + 0.09, at, sweepId));
        }
        b.add(new TableRow.Baseline(knowledge, "acc", "", BASELINE_GK, BASELINE_GK - 0.04, BASELINE_GK + 0.04, at,
                sweepId));
        insert.insert(b);
    }

    static String json(Map<String, Object> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> params(SplittableRandom r) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rank", RANKS[r.nextInt(RANKS.length)]);
        p.put("alpha", ALPHAS[r.nextInt(ALPHAS.length)]);
        p.put("target_modules", MODULES.get(r.nextInt(MODULES.size())));
        p.put("learning_rate", Math.exp(Math.log(1e-5) + r.nextDouble() * (Math.log(1e-3) - Math.log(1e-5))));
        p.put("dropout", DROPOUTS[r.nextInt(DROPOUTS.length)]);
        p.put("use_dora", r.nextBoolean());
        return p;
    }
}
