package io.lorasweep.dashboard.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lorasweep.schemas.spec.Metric;
import io.lorasweep.stats.ParetoFront;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pareto front of a sweep with several objectives: every complete trial's values of them (as the controller
 * told the sampler, in the spec's order) and the trials no other trial dominates, by the one dominance rule
 * ({@link ParetoFront}) the sampler uses too.
 *
 * @param values complete trials with every objective measured, by trial id (ascending)
 * @param front  the ids of those on the front
 */
public record SweepFront(Map<Long, List<Double>> values, Set<Long> front) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SweepFront {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        front = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(front));
    }

    public static SweepFront read(ConnectionPool pool, SweepMeta sweep) throws SQLException {
        int n = sweep.objectives().size();
        Sql sql = new Sql().sql("SELECT trial_id, toJSONString(objectives) FROM (SELECT trial_id, state, objectives "
                        + "FROM trials FINAL WHERE sweep_id = ").value(sweep.sweepId())
                .sql(" ORDER BY trial_id, attempt DESC LIMIT 1 BY trial_id) WHERE state = 'complete' AND "
                        + "length(objectives) = ").value(n).sql(" ORDER BY trial_id");
        Map<Long, List<Double>> values = new LinkedHashMap<>();
        pool.with(c -> sql.query(c, rs -> values.put(rs.getLong(1), doubles(rs.getString(2)))));
        return of(values, sweep.objectives());
    }

    /** The front of these values under these objectives' directions. */
    public static SweepFront of(Map<Long, List<Double>> values, List<Metric> objectives) {
        Long[] ids = values.keySet().toArray(Long[]::new);
        double[][] told = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            told[i] = values.get(ids[i]).stream().mapToDouble(Double::doubleValue).toArray();
        }
        boolean[] minimize = new boolean[objectives.size()];
        for (int k = 0; k < minimize.length; k++) {
            minimize[k] = objectives.get(k).minimize();
        }
        boolean[] onFront = ParetoFront.onFront(told, minimize);
        Set<Long> front = new LinkedHashSet<>();
        for (int i = 0; i < ids.length; i++) {
            if (onFront[i]) {
                front.add(ids[i]);
            }
        }
        return new SweepFront(values, front);
    }

    private static List<Double> doubles(String json) throws SQLException {
        try {
            return List.of(JSON.readValue(json, Double[].class));
        } catch (JsonProcessingException e) {
            throw new SQLException("objectives are not a JSON array of numbers: " + json, e);
        }
    }
}
