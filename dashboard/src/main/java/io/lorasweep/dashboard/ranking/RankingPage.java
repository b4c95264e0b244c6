package io.lorasweep.dashboard.ranking;

import java.util.List;

/**
 * A page of the ranking.
 *
 * @param total how many trials pass the filters
 * @param sort  the sort key's public name
 * @param goal  minimize or maximize: the direction in which the objective is better
 */
public record RankingPage(String sweepId, long total, int offset, int limit, String sort, String order,
                          String objective, String goal, List<String> parameters, List<RankedTrial> rows) {

    public RankingPage {
        parameters = List.copyOf(parameters);
        rows = List.copyOf(rows);
    }
}
