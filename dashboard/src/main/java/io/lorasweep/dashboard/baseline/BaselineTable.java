package io.lorasweep.dashboard.baseline;

import java.util.List;

/**
 * The comparison researchers read first: rows are a task's metrics (overall and per class), columns the base model
 * k-shot and the best trial per value of one parameter, each cell with its interval; {@code verdicts} read the
 * headline row between adjacent columns in plain words.
 *
 * @param headlineMetric the row the verdicts are about (the objective when it is this task's)
 * @param method         how the differences' intervals are built (see {@link io.lorasweep.stats.Difference})
 */
public record BaselineTable(String sweepId, String task, String parameter, String metric, String baseModel,
                            int shots, List<BaselineColumn> columns, List<BaselineRow> rows, String headlineMetric,
                            String headlineLabel, List<String> verdicts, String method, List<String> notes) {

    public BaselineTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
    }
}
