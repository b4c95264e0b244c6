package io.lorasweep.controller.sampler;

import io.lorasweep.controller.sampler.tpe.TpeSampler;
import io.lorasweep.controller.sampler.tpe.TpeSettings;

/** A sampler for a search space from the sweep spec's sampler block (or the sampler command's flags). */
public final class Samplers {

    private Samplers() {
    }

    /** A sampler for one objective. */
    public static Sampler create(SearchSpace space, boolean minimize, String type, Long seed, Integer nStartupTrials,
                                 Boolean multivariate, boolean group, Boolean constantLiar) {
        return create(space, new boolean[] {minimize}, type, seed, nStartupTrials, multivariate, group, constantLiar);
    }

    /**
     * @param minimize              per objective, whether it is minimised (TPE with more than one is
     *                              multi-objective TPE; random and grid ignore the objectives)
     * @param type                  tpe, random or grid
     * @param seed                  null for a seed from the clock
     * @param nStartupTrials        null for TPE's default (10)
     * @param multivariate          TPE: sample jointly over the parameters every finished trial has; null for
     *                              {@link #multivariateByDefault} with one objective, independent with several
     *                              (Optuna 5's defaults)
     * @param group                 TPE: multivariate within groups of parameters that occur together (implies
     *                              multivariate unless it is false)
     * @param constantLiar          TPE: count running trials among the bad ones, so parallel workers are not handed
     *                              the same point; null for on, Optuna 5's default
     */
    public static Sampler create(SearchSpace space, boolean[] minimize, String type, Long seed,
                                 Integer nStartupTrials, Boolean multivariate, boolean group, Boolean constantLiar) {
        long s = seed != null ? seed : System.nanoTime();
        switch (type) {
            case "tpe" -> {
                boolean joint = multivariate != null ? multivariate
                        : group || (minimize.length == 1 && multivariateByDefault(space));
                TpeSettings settings = TpeSettings.defaults(s).withMultivariate(joint, group)
                        .withConstantLiar(constantLiar == null || constantLiar);
                if (nStartupTrials != null) {
                    settings = settings.withStartupTrials(nStartupTrials);
                }
                return new TpeSampler(space, minimize, settings);
            }
            case "random" -> {
                return new RandomSampler(space, s);
            }
            case "grid" -> {
                return new GridSampler(space);
            }
            default -> throw new IllegalArgumentException("sampler must be tpe, random or grid, got " + type);
        }
    }

    /**
     * Optuna 5's default for one objective is multivariate TPE; it differs from independent TPE only when more
     * than one parameter is searched, so that is when a sweep that does not say gets it.
     */
    public static boolean multivariateByDefault(SearchSpace space) {
        return space.dimensions().stream().filter(d -> !d.single()).count() > 1;
    }
}
