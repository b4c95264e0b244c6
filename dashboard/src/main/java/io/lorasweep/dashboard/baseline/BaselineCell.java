package io.lorasweep.dashboard.baseline;

/**
 * One cell: the value with its 95% interval (null bounds when the record has none), and its difference from the
 * nearest column to its left that has a value in the same row (null for the first).
 */
public record BaselineCell(Double value, Double low, Double high, Difference versusPrevious) {

    public static final BaselineCell EMPTY = new BaselineCell(null, null, null, null);
}
