package io.lorasweep.agent.train;

/**
 * A dynamic loss scale for half-precision gradients, with torch.amp.GradScaler's rule and defaults: the loss is
 * multiplied by the scale before backward so that small gradients do not underflow f16; a step whose gradients
 * overflowed (inf or NaN) is skipped and the scale halved; after {@code growthInterval} good steps in a row it
 * doubles. In f32 there is nothing to protect, and the scale is fixed at 1 ({@link #none()}).
 */
public final class LossScale {

    static final double INITIAL = 65536.0;
    static final double GROWTH = 2.0;
    static final double BACKOFF = 0.5;
    static final int GROWTH_INTERVAL = 2000;

    private final boolean dynamic;
    private final int growthInterval;
    private double scale;
    private int goodSteps;
    private int skipped;

    private LossScale(boolean dynamic, double scale, int growthInterval) {
        this.dynamic = dynamic;
        this.scale = scale;
        this.growthInterval = growthInterval;
    }

    /** A fixed scale of 1: gradients as they are. */
    public static LossScale none() {
        return new LossScale(false, 1.0, GROWTH_INTERVAL);
    }

    /** GradScaler's defaults: 2^16, doubled after 2,000 good steps, halved on an overflow. */
    public static LossScale dynamic() {
        return dynamic(INITIAL, GROWTH_INTERVAL);
    }

    static LossScale dynamic(double initial, int growthInterval) {
        if (!(initial > 0) || growthInterval < 1) {
            throw new IllegalArgumentException("a loss scale needs initial > 0 and growthInterval >= 1");
        }
        return new LossScale(true, initial, growthInterval);
    }

    public boolean isDynamic() {
        return dynamic;
    }

    /** What the loss is multiplied by before backward, and the gradients divided by after. */
    public double scale() {
        return scale;
    }

    /** Steps skipped for overflowing gradients so far. */
    public int skipped() {
        return skipped;
    }

    /** Good steps in a row since the scale last changed (GradScaler's growth tracker), for a checkpoint. */
    int goodSteps() {
        return goodSteps;
    }

    /** Continues from a checkpoint's scale and growth tracker; a fixed scale has nothing to restore. */
    void restore(double scale, int goodSteps) {
        if (!dynamic) {
            return;
        }
        if (!(scale > 0) || goodSteps < 0 || goodSteps >= growthInterval) {
            throw new IllegalArgumentException("a checkpoint's loss scale must be positive with 0 to "
                    + (growthInterval - 1) + " good steps, got " + scale + " and " + goodSteps);
        }
        this.scale = scale;
        this.goodSteps = goodSteps;
    }

    /**
     * Records a step's outcome; returns true when the optimiser may apply it. A non-finite gradient under a dynamic
     * scale is an overflow of the scale, not a divergence: the step is skipped and the scale halved.
     */
    public boolean update(boolean gradientsFinite) {
        if (!dynamic) {
            return gradientsFinite;
        }
        if (!gradientsFinite) {
            scale *= BACKOFF;
            goodSteps = 0;
            skipped++;
            return false;
        }
        if (++goodSteps == growthInterval) {
            scale *= GROWTH;
            goodSteps = 0;
        }
        return true;
    }
}
