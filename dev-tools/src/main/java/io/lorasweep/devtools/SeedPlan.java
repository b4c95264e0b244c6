package io.lorasweep.devtools;

/**
 * What {@code lorasweep dev seed} writes: one sweep of {@code trials} trials with {@code pointsPerTrial} metric points
 * each (train and eval loss), drawn from {@code seed}.
 */
public record SeedPlan(int trials, int pointsPerTrial, long seed) {

    public static final int MAX_TRIALS = 10_000_000;
    public static final int MAX_POINTS = 100_000;

    public SeedPlan {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("trials must be between 1 and " + MAX_TRIALS + ", got " + trials);
        }
        if (pointsPerTrial < 2 || pointsPerTrial > MAX_POINTS) {
            throw new IllegalArgumentException("points per trial must be between 2 and " + MAX_POINTS + ", got "
                    + pointsPerTrial);
        }
    }
}
