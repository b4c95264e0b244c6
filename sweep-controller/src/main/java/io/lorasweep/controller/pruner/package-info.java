/**
 * Early stopping of weak trials, with Optuna 4's semantics: {@link io.lorasweep.controller.pruner.MedianPruner},
 * {@link io.lorasweep.controller.pruner.PercentilePruner}, {@link io.lorasweep.controller.pruner.SuccessiveHalvingPruner}
 * (asynchronous successive halving) and {@link io.lorasweep.controller.pruner.HyperbandPruner}, all behind
 * {@link io.lorasweep.controller.pruner.Pruner}. A pruner sees the sweep through
 * {@link io.lorasweep.controller.pruner.PrunerStudy}; {@link io.lorasweep.controller.pruner.Pruners#fromSpec} builds
 * one from the sweep spec.
 */
package io.lorasweep.controller.pruner;
