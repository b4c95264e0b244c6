package io.lorasweep.dashboard.baseline;

import io.lorasweep.stats.Difference;

/**
 * One cell: the value with its 95% interval (null bounds when the record has none), its difference from the base
 * model's cell of the same row (the question the table answers: does tuning beat k-shot?), and from the nearest
 * column to its left that has a value (is the next rank worth its cost?); each null where there is nothing to
 * compare with.
 */
public record BaselineCell(Double value, Double low, Double high, Difference versusBase, Difference versusPrevious) {

    public static final BaselineCell EMPTY = new BaselineCell(null, null, null, null, null);
}
