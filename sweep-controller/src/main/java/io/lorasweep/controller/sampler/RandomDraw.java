package io.lorasweep.controller.sampler;

import org.apache.commons.math3.random.RandomGenerator;

/** A uniform draw of one dimension, as Optuna's RandomSampler draws it, in internal representation. */
public final class RandomDraw {

    private RandomDraw() {
    }

    public static double draw(Dimension d, RandomGenerator rng) {
        if (d instanceof Dimension.Categorical c) {
            return rng.nextInt(c.choices().size());
        }
        Dimension.Numeric n = (Dimension.Numeric) d;
        if (n.single()) {
            return n.low();
        }
        if (n.step() == null) {
            if (n.log()) {
                double logLow = Math.log(n.low());
                double logHigh = Math.log(n.high());
                return Math.min(Math.exp(logLow + rng.nextDouble() * (logHigh - logLow)), n.high());
            }
            return n.low() + rng.nextDouble() * (n.high() - n.low());
        }
        double step = n.step();
        if (n.log()) {
            // uniform in log space over the widened range, then onto the grid
            double logLow = Math.log(n.low() - step / 2);
            double logHigh = Math.log(n.high() + step / 2);
            double x = Math.exp(logLow + rng.nextDouble() * (logHigh - logLow));
            return Math.min(Math.max(n.low() + Math.rint((x - n.low()) / step) * step, n.low()), n.high());
        }
        long points = Math.round((n.high() - n.low()) / step) + 1;
        return n.low() + (long) (rng.nextDouble() * points) * step;
    }
}
