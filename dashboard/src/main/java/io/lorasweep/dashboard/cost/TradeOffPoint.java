package io.lorasweep.dashboard.cost;

/** A complete trial on the quality-vs-cost chart. */
public record TradeOffPoint(long trialId, double costUsd, double objective) {
}
