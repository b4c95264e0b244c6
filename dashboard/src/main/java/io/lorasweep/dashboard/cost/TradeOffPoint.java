package io.lorasweep.dashboard.cost;

/**
 * A complete trial on the quality-vs-cost chart.
 *
 * @param x         its cost in USD, or, in a sweep of several objectives, its value of the second objective
 * @param objective its value of the sweep's (first) objective
 */
public record TradeOffPoint(long trialId, double x, double objective) {
}
