package io.lorasweep.controller.sampler;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/** Independent uniform draws of every active parameter. */
public final class RandomSampler implements Sampler {

    private final SearchSpace space;
    private final RandomGenerator rng;

    public RandomSampler(SearchSpace space, long seed) {
        this.space = space;
        this.rng = new MersenneTwister(seed);
    }

    @Override
    public Map<String, Object> ask(int number) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Dimension d : space.dimensions()) {
            if (space.active(d, params)) {
                params.put(d.name(), d.toExternal(RandomDraw.draw(d, rng)));
            }
        }
        return space.withConstants(params);
    }

    @Override
    public void report(int number, long step, double value) {
        // random search learns nothing
    }

    @Override
    public void tell(int number, TrialState state, double... values) {
        // random search learns nothing
    }

    @Override
    public void add(int number, Map<String, Object> params, TrialState state, double... values) {
        // random search learns nothing
    }

    @Override
    public void warmStart(Map<String, Object> params, double... values) {
        // random search learns nothing
    }
}
