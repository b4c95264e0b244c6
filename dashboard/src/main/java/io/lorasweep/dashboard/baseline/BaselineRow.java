package io.lorasweep.dashboard.baseline;

import java.util.List;

/** A row: one metric of the task, overall ({@code label} "") or for one class or choice. */
public record BaselineRow(String metric, String label, boolean lowerIsBetter, List<BaselineCell> cells) {

    public BaselineRow {
        cells = List.copyOf(cells);
    }
}
