package io.lorasweep.dashboard.ranking;

import io.lorasweep.schemas.spec.Metric;
import java.util.List;

/**
 * A page of the ranking.
 *
 * @param total how many trials pass the filters
 * @param sort  the sort key's public name
 * @param goal  minimize or maximize: the direction in which the objective is better
 * @param objectives every objective of the sweep with its goal, {@code objective} first; when there are several,
 *                   ranking by the objective puts the Pareto front first
 */
public record RankingPage(String sweepId, long total, int offset, int limit, String sort, String order,
                          String objective, String goal, List<Metric> objectives, List<String> parameters,
                          List<RankedTrial> rows) {

    public RankingPage {
        objectives = List.copyOf(objectives);
        parameters = List.copyOf(parameters);
        rows = List.copyOf(rows);
    }
}
