package io.lorasweep.dashboard.baseline;

import io.lorasweep.dashboard.InvalidRequest;
import io.lorasweep.dashboard.store.ConnectionPool;
import io.lorasweep.dashboard.store.Params;
import io.lorasweep.dashboard.store.Sql;
import io.lorasweep.dashboard.store.SweepMeta;
import io.lorasweep.dashboard.store.TrialFacts;
import io.lorasweep.schemas.db.BaselineKey;
import io.lorasweep.schemas.messages.EvalItems.Transform;
import io.lorasweep.schemas.messages.PromptDiagnostics;
import io.lorasweep.stats.ComparisonVerdict;
import io.lorasweep.stats.Difference;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a sweep's {@link BaselineTable} from the record: {@code baselines} for the base model k-shot column,
 * {@code evals} of the best complete trial per value of the chosen parameter for the others. The prompt diagnostics
 * stored beside the metrics ({@link PromptDiagnostics}) are not rows: they say in each column how many shots its
 * prompts held, and the base column's title says it ("Base (5-shot)", "Base (3 of 5 shots: prompts did not fit)").
 *
 * <p>Query: {@code parameter} (default {@code rank}, else the first parameter), {@code task} (default the objective's
 * task, else the spec's first), {@code metric} (default the objective's metric on its task; {@code all} for every
 * metric of the task).
 */
public final class BaselineTables {

    /** A parameter with more values than this (a continuous one) does not make a readable table. */
    public static final int MAX_COLUMNS = 20;
    public static final String METHOD = "paired bootstrap over the eval items both runs scored (" + ItemShares.RESAMPLES
            + " resamples of the items, the same draw for both runs, 2.5th to 97.5th percentile of the differences); "
            + "where either run's items are not on record (macro averages, seqeval metrics, older runs), the "
            + "difference of independent 95% intervals, each side's bound distances added in quadrature: wider, "
            + "so conservative";

    private final ConnectionPool pool;

    public BaselineTables(ConnectionPool pool) {
        this.pool = pool;
    }

    public BaselineTable build(SweepMeta sweep, Map<String, List<String>> query) throws SQLException {
        for (String key : query.keySet()) {
            if (!key.equals("parameter") && !key.equals("task") && !key.equals("metric")) {
                throw new InvalidRequest(key, "unknown query parameter; the baseline table takes parameter, task and "
                        + "metric");
            }
        }
        List<String> tasks = tasks(sweep);
        String task = single(query, "task");
        if (task == null) {
            task = sweep.objectiveTask() != null ? sweep.objectiveTask() : tasks.isEmpty() ? "" : tasks.get(0);
        } else if (!tasks.contains(task)) {
            throw new InvalidRequest("task", "'" + task + "' is not a task of this sweep; its tasks are "
                    + (tasks.isEmpty() ? "none" : String.join(", ", tasks)));
        }
        String parameter = single(query, "parameter");
        if (parameter == null) {
            parameter = sweep.parameters().contains("rank") ? "rank"
                    : sweep.parameters().isEmpty() ? null : sweep.parameters().get(0);
        } else if (!sweep.parameters().contains(parameter)) {
            throw new InvalidRequest("parameter", "'" + parameter + "' is not a parameter of this sweep; its "
                    + "parameters are " + (sweep.parameters().isEmpty() ? "none"
                    : String.join(", ", sweep.parameters())));
        }
        String metric = single(query, "metric");
        if (metric == null) {
            metric = task.equals(sweep.objectiveTask()) ? sweep.objectiveMetric() : null;
        } else if (metric.equals("all")) {
            metric = null;
        } else if (!metric.matches("[A-Za-z0-9_.\\-]{1,100}")) {
            throw new InvalidRequest("metric", "must be a metric name (letters, digits, _ . -) or all");
        } else if (PromptDiagnostics.contains(metric)) {
            throw new InvalidRequest("metric", "'" + metric + "' describes how a run's prompts fit, not how well the "
                    + "model did: each column carries it (shots_asked, shots_used, prompt_tokens_max, "
                    + "context_tokens); choose a metric");
        }
        SweepMeta.TaskInfo info = sweep.task(task);
        BaselineKey key = sweep.baselineKey(task);
        int shots = key.shots();

        List<BaselineColumn> columns = new ArrayList<>();
        List<Map<String, Estimate>> values = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Double> baseFacts = new LinkedHashMap<>();
        Map<String, Estimate> base = baseline(key, metric, baseFacts);
        PromptFacts basePrompts = PromptFacts.of(baseFacts);
        columns.add(new BaselineColumn("Base (" + (basePrompts != null ? basePrompts.shotsText() : shots + "-shot")
                + ")", "baseline", null, null, null, 0, null, null, null, null, null, null).withPrompts(basePrompts));
        values.add(base);
        if (basePrompts != null && basePrompts.fewerShots()) {
            notes.add(fewerShots("the base model", basePrompts));
        }
        if (base.isEmpty()) {
            notes.add("no k-shot baseline of " + (sweep.baseModel().isEmpty() ? "the base model" : sweep.baseModel())
                    + " on " + task + " (" + shots + " shots) is on record yet");
        }
        if (parameter != null) {
            for (BaselineColumn c : bestPerValue(sweep, parameter)) {
                columns.add(c);
            }
            Map<Long, Map<String, Double>> trialFacts = new LinkedHashMap<>();
            Map<Long, Map<String, Estimate>> evals = trialEvals(sweep, task, metric, columns, trialFacts);
            for (int i = 1; i < columns.size(); i++) {
                BaselineColumn c = columns.get(i);
                values.add(evals.getOrDefault(c.trialId(), Map.of()));
                PromptFacts prompts = PromptFacts.of(trialFacts.getOrDefault(c.trialId(), Map.of()));
                columns.set(i, c.withPrompts(prompts));
                if (prompts != null && prompts.fewerShots()) {
                    notes.add(fewerShots(c.title() + " (trial " + c.trialId() + ")", prompts));
                }
            }
            if (columns.size() == 1) {
                notes.add("no trial has completed yet");
            }
        }
        String measuredBy = measuredBy(key);
        List<BaselineRow> rows = rows(sweep, values, shares(sweep, measuredBy.isEmpty() ? sweep.sweepId() : measuredBy, task,
                metric, columns), info, metric);
        String headMetric = metric != null ? metric : sweep.objectiveMetric();
        String headLabel = "";
        if (rows.stream().noneMatch(r -> r.metric().equals(headMetric) && r.label().isEmpty()) && !rows.isEmpty()) {
            headLabel = rows.get(0).label();
        }
        String headlineMetric = rows.stream().anyMatch(r -> r.metric().equals(headMetric)) || rows.isEmpty()
                ? headMetric : rows.get(0).metric();
        List<String> verdicts = verdicts(columns, rows, headlineMetric, headLabel);
        return new BaselineTable(sweep.sweepId(), task, parameter, metric == null ? "all" : metric, sweep.baseModel(),
                shots, columns, rows, headlineMetric, headLabel, verdicts, METHOD, notes);
    }

    /** Why a column ran fewer shots than asked: its prompts were never cut, its shots were dropped whole. */
    private static String fewerShots(String who, PromptFacts p) {
        return who + " ran " + p.shotsUsed() + " of the " + p.shotsAsked() + " shots asked: with more, a test item's "
                + "prompt did not fit " + (p.contextTokens() == null ? "the model's context"
                : "the model's " + p.contextTokens() + "-token context") + " with room for its answer (no prompt is "
                + "cut)" + (p.promptTokensMax() == null ? "" : "; its longest prompt is " + p.promptTokensMax()
                + " tokens");
    }

    private static String single(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        if (v == null) {
            return null;
        }
        if (v.size() != 1 || v.get(0).isBlank() || v.get(0).length() > 200) {
            throw new InvalidRequest(key, "must be given once, non-empty, at most 200 characters");
        }
        return v.get(0).trim();
    }

    private List<String> tasks(SweepMeta sweep) throws SQLException {
        List<String> tasks = new ArrayList<>();
        sweep.tasks().forEach(t -> tasks.add(t.name()));
        Sql sql = new Sql().sql("SELECT DISTINCT task FROM evals WHERE sweep_id = ").value(sweep.sweepId())
                .sql(" ORDER BY task LIMIT 100");
        for (String t : pool.with(c -> sql.query(c, rs -> rs.getString(1)))) {
            if (!tasks.contains(t)) {
                tasks.add(t);
            }
        }
        return tasks;
    }

    /**
     * The baseline's estimates by metric and label; its prompt diagnostics go to {@code facts} (by name), not among
     * the rows.
     */
    private Map<String, Estimate> baseline(BaselineKey key, String metric, Map<String, Double> facts)
            throws SQLException {
        Sql sql = new Sql().sql("SELECT metric, label, argMax(value, at), argMax(ci_low, at), argMax(ci_high, at) "
                        + "FROM baselines FINAL WHERE ").condition(BaselineKey.CONDITION, key.values());
        if (metric != null) {
            sql.sql(" AND (metric = ").value(metric).sql(" OR metric IN ").values(PromptDiagnostics.NAMES).sql(")");
        }
        sql.sql(" GROUP BY metric, label");
        Map<String, Estimate> out = new LinkedHashMap<>();
        pool.with(c -> sql.query(c, rs -> {
            if (PromptDiagnostics.contains(rs.getString(1))) {
                facts.put(rs.getString(1), rs.getDouble(3));
            } else {
                out.put(key(rs.getString(1), rs.getString(2)), Estimate.of(rs.getDouble(3), rs.getDouble(4),
                        rs.getDouble(5)));
            }
            return null;
        }));
        return out;
    }

    private List<BaselineColumn> bestPerValue(SweepMeta sweep, String parameter) throws SQLException {
        String pick = sweep.minimize() ? "argMin" : "argMax";
        Sql sql = new Sql().sql("SELECT JSONExtractRaw(params_json, ").value(parameter).sql(") AS v, count(), ")
                .sql(pick).sql("(tuple(trial_id, attempt, objective, cost_usd), objective) AS best FROM (")
                .append(TrialFacts.of(sweep))
                .sql(") WHERE state = 'complete' AND isNotNull(objective) AND isFinite(objective) GROUP BY v "
                        + "ORDER BY toFloat64OrNull(v) NULLS LAST, v LIMIT " + (MAX_COLUMNS + 1));
        List<BaselineColumn> columns = pool.with(c -> sql.query(c, rs -> {
            String raw = rs.getString(1);
            Object[] best = tuple(rs.getObject(3));
            return new BaselineColumn(parameter + "=" + Params.show(parse(raw)), "trial", raw,
                    ((Number) best[0]).longValue(), ((Number) best[1]).longValue(), rs.getLong(2),
                    ((Number) best[2]).doubleValue(), ((Number) best[3]).doubleValue(), null, null, null, null);
        }));
        if (columns.size() > MAX_COLUMNS) {
            throw new InvalidRequest("parameter", "'" + parameter + "' has more than " + MAX_COLUMNS + " values among "
                    + "complete trials; choose a parameter with fewer values (e.g. a categorical one)");
        }
        return columns;
    }

    private static Object parse(String raw) {
        Map<String, Object> wrapped = Params.parse("{\"v\":" + raw + "}");
        return wrapped.getOrDefault("v", raw);
    }

    /** A ClickHouse tuple as the driver hands it over (an array or a list). */
    private static Object[] tuple(Object value) throws SQLException {
        if (value instanceof Object[]) {
            return (Object[]) value;
        }
        if (value instanceof List) {
            return ((List<?>) value).toArray();
        }
        if (value instanceof java.sql.Array) {
            return (Object[]) ((java.sql.Array) value).getArray();
        }
        throw new SQLException("unexpected tuple type " + (value == null ? "null" : value.getClass()));
    }

    /** Each trial column's estimates by metric and label; its prompt diagnostics go to {@code facts} by trial. */
    private Map<Long, Map<String, Estimate>> trialEvals(SweepMeta sweep, String task, String metric,
                                                         List<BaselineColumn> columns,
                                                         Map<Long, Map<String, Double>> facts) throws SQLException {
        Map<Long, Map<String, Estimate>> out = new LinkedHashMap<>();
        if (columns.size() < 2) {
            return out;
        }
        Sql sql = new Sql().sql("SELECT trial_id, metric, label, value, ci_low, ci_high FROM evals FINAL WHERE sweep_id = ")
                .value(sweep.sweepId()).sql(" AND task = ").value(task);
        if (metric != null) {
            sql.sql(" AND (metric = ").value(metric).sql(" OR metric IN ").values(PromptDiagnostics.NAMES).sql(")");
        }
        sql.sql(" AND (");
        for (int i = 1; i < columns.size(); i++) {
            BaselineColumn c = columns.get(i);
            sql.sql(i > 1 ? " OR " : "").sql("(trial_id = ").value(c.trialId()).sql(" AND attempt = ")
                    .value(c.attempt()).sql(")");
        }
        sql.sql(")");
        pool.with(c -> sql.query(c, rs -> {
            if (PromptDiagnostics.contains(rs.getString(2))) {
                facts.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getDouble(4));
            } else {
                out.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(key(rs.getString(2),
                        rs.getString(3)), Estimate.of(rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)));
            }
            return null;
        }));
        return out;
    }

    /** The sweep that measured the baseline on record for this key ('' for rows written before it was kept). */
    private String measuredBy(BaselineKey key) throws SQLException {
        Sql sql = new Sql().sql("SELECT argMax(measured_by, at) FROM baselines FINAL WHERE ")
                .condition(BaselineKey.CONDITION, key.values());
        List<String> found = pool.with(c -> sql.query(c, rs -> rs.getString(1)));
        return found.isEmpty() || found.get(0) == null ? "" : found.get(0);
    }

    /**
     * Each column's eval items per metric and label, from {@code eval_items}: the baseline's from the sweep that
     * measured it (this one, or an earlier sweep whose baseline this one reuses; the latest attempt that measured
     * it), each trial column's from its attempt.
     */
    private List<Map<String, ItemShares>> shares(SweepMeta sweep, String baselineSweep, String task, String metric,
                                                 List<BaselineColumn> columns) throws SQLException {
        Sql sql = new Sql().sql("SELECT source, trial_id, attempt, metric, label, transform, item_id, num, den "
                + "FROM eval_items FINAL WHERE task = ").value(task);
        if (metric != null) {
            sql.sql(" AND metric = ").value(metric);
        }
        sql.sql(" AND ((sweep_id = ").value(baselineSweep).sql(" AND source = 'baseline')");
        for (BaselineColumn c : columns) {
            if (c.trialId() != null) {
                sql.sql(" OR (sweep_id = ").value(sweep.sweepId()).sql(" AND source = 'trial' AND trial_id = ")
                        .value(c.trialId()).sql(" AND attempt = ").value(c.attempt()).sql(")");
            }
        }
        // in attempt order: if a retried attempt measured the baseline again, its values are the ones kept
        sql.sql(") ORDER BY source, trial_id, attempt");
        // run (source/trial/attempt) -> metric and label -> item -> share
        Map<String, Map<String, Map<String, double[]>>> runs = new LinkedHashMap<>();
        Map<String, Transform> transforms = new LinkedHashMap<>();
        pool.with(c -> sql.query(c, rs -> {
            String run = rs.getString(1).equals("baseline") ? "baseline"
                    : "trial/" + rs.getLong(2) + "/" + rs.getLong(3);
            String k = key(rs.getString(4), rs.getString(5));
            transforms.putIfAbsent(k, Transform.valueOf(
                    rs.getString(6).toUpperCase(Locale.ROOT)));
            runs.computeIfAbsent(run, r -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new LinkedHashMap<>())
                    .put(rs.getString(7), new double[] {rs.getDouble(8), rs.getDouble(9)});
            return null;
        }));
        List<Map<String, ItemShares>> out = new ArrayList<>();
        for (BaselineColumn c : columns) {
            String run = c.trialId() == null ? "baseline" : "trial/" + c.trialId() + "/" + c.attempt();
            Map<String, ItemShares> byMetric = new LinkedHashMap<>();
            runs.getOrDefault(run, Map.of()).forEach((k, items) -> byMetric.put(k,
                    new ItemShares(transforms.get(k), items)));
            out.add(byMetric);
        }
        return out;
    }

    private static String key(String metric, String label) {
        return metric + "\u0000" + label;
    }

    /** Rows in reading order: the chosen metric first, per class in the spec's label order, the overall last. */
    private static List<BaselineRow> rows(SweepMeta sweep, List<Map<String, Estimate>> values,
                                          List<Map<String, ItemShares>> shares, SweepMeta.TaskInfo task,
                                          String metric) {
        List<String[]> keys = new ArrayList<>();
        for (Map<String, Estimate> column : values) {
            for (String k : column.keySet()) {
                String[] parts = k.split("\u0000", -1);
                if (keys.stream().noneMatch(x -> x[0].equals(parts[0]) && x[1].equals(parts[1]))) {
                    keys.add(parts);
                }
            }
        }
        List<String> labelOrder = task == null ? List.of() : task.labels();
        keys.sort(Comparator.<String[], Integer>comparing(k -> metric != null && k[0].equals(metric) ? 0 : 1)
                .thenComparing(k -> k[0])
                .thenComparing(k -> k[1].isEmpty() ? 2 : labelOrder.contains(k[1]) ? 0 : 1)
                .thenComparing(k -> labelOrder.contains(k[1]) ? labelOrder.indexOf(k[1]) : 0)
                .thenComparing(k -> k[1]));
        List<BaselineRow> rows = new ArrayList<>();
        for (String[] k : keys) {
            // a metric nobody declared reads as a score, the way most of a task's metrics are
            boolean lower = task != null && !sweep.higherIsBetter(task.name(), k[0]).orElse(true);
            List<BaselineCell> cells = new ArrayList<>();
            Estimate base = values.get(0).get(key(k[0], k[1]));
            ItemShares baseItems = shares.get(0).get(key(k[0], k[1]));
            Estimate previous = null;
            ItemShares previousItems = null;
            for (int col = 0; col < values.size(); col++) {
                Estimate e = values.get(col).get(key(k[0], k[1]));
                if (e == null) {
                    cells.add(BaselineCell.EMPTY);
                    continue;
                }
                ItemShares items = shares.get(col).get(key(k[0], k[1]));
                Difference versusBase = col == 0 || base == null ? null : difference(base, baseItems, e, items, lower);
                Difference versusPrevious = previous == null ? null
                        : difference(previous, previousItems, e, items, lower);
                cells.add(new BaselineCell(finite(e.value()), e.low(), e.high(), versusBase, versusPrevious));
                previous = e;
                previousItems = items;
            }
            rows.add(new BaselineRow(k[0], k[1], lower, cells));
        }
        return rows;
    }

    /** Paired over the eval items when both runs scored the same ones, else from the two intervals. */
    private static Difference difference(Estimate earlier, ItemShares earlierItems, Estimate later,
                                         ItemShares laterItems, boolean lowerIsBetter) {
        return laterItems != null && laterItems.pairsWith(earlierItems)
                ? earlierItems.pairedTo(laterItems, lowerIsBetter)
                : Difference.unpaired(earlier.value(), earlier.low(), earlier.high(), later.value(), later.low(),
                        later.high(), lowerIsBetter);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<String> verdicts(List<BaselineColumn> columns, List<BaselineRow> rows, String metric,
                                         String label) {
        List<String> out = new ArrayList<>();
        for (BaselineRow row : rows) {
            if (!row.metric().equals(metric) || !row.label().equals(label)) {
                continue;
            }
            // each tuned column against the base model first, then each against the one before it
            for (int i = 1; i < columns.size(); i++) {
                BaselineCell cell = row.cells().get(i);
                if (cell.versusBase() != null) {
                    BaselineColumn b = columns.get(i);
                    out.add(ComparisonVerdict.of(b.title(), columns.get(0).title(), cell.versusBase(), b.costUsd(), null));
                }
            }
            int previous = -1;
            for (int i = 0; i < columns.size(); i++) {
                BaselineCell cell = row.cells().get(i);
                if (cell.value() == null) {
                    continue;
                }
                if (previous >= 1) {
                    BaselineColumn a = columns.get(previous);
                    BaselineColumn b = columns.get(i);
                    out.add(ComparisonVerdict.of(b.title(), a.title(), cell.versusPrevious(), b.costUsd(), a.costUsd()));
                }
                previous = i;
            }
        }
        return out;
    }
}
