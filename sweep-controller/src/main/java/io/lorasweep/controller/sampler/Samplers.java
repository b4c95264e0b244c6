package io.lorasweep.controller.sampler;

import io.lorasweep.controller.sampler.tpe.TpeSampler;
import io.lorasweep.controller.sampler.tpe.TpeSettings;

/** A sampler for a search space from the sweep spec's sampler block (or the sampler command's flags). */
public final class Samplers {

    private Samplers() {
    }

    /**
     * @param type                  tpe, random or grid
     * @param seed                  null for a seed from the clock
     * @param nStartupTrials        null for TPE's default (10)
     * @param multivariate          TPE: sample jointly over the parameters every finished trial has
     * @param constantLiar          TPE: count running trials as bad ones
     */
    public static Sampler create(SearchSpace space, boolean minimize, String type, Long seed, Integer nStartupTrials,
                                 boolean multivariate, boolean group, boolean constantLiar) {
        long s = seed != null ? seed : System.nanoTime();
        switch (type) {
            case "tpe" -> {
                TpeSettings settings = TpeSettings.defaults(s).withMultivariate(multivariate, group)
                        .withConstantLiar(constantLiar);
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
}
