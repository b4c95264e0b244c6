package io.lorasweep.dashboard.importance;

import io.lorasweep.stats.TruncatedNormal;

/**
 * The density PED-ANOVA compares, built from how many trials fell on each point of a parameter's grid: a mixture of
 * one kernel per occupied point, weighted by its count, and a wide prior kernel of weight {@code priorWeight} that
 * keeps every point possible. As in Optuna's PED-ANOVA, numeric grids use discrete Gaussian kernels whose common
 * width follows Scott's rule, and categorical ones use Optuna's TPE categorical kernel.
 */
final class ParzenEstimator {

    /** The narrowest kernel: 1.64 sigma (90%) of it still spans the half step around its point. */
    private static final double MIN_SIGMA = 0.5 / 1.64;

    private ParzenEstimator() {
    }

    /**
     * The probability of each grid point, for a numeric parameter.
     *
     * @param counts trials per grid point (index 0 to n-1)
     */
    static double[] numeric(double[] counts, double priorWeight) {
        int n = counts.length;
        double total = sum(counts);
        double[] pmf = new double[n];
        double mixtureTotal = total + priorWeight;
        if (total > 0) {
            double sigma = scottSigma(counts, total);
            for (int i = 0; i < n; i++) {
                if (counts[i] > 0) {
                    addKernel(pmf, i, sigma, counts[i] / mixtureTotal);
                }
            }
        }
        // the prior: centred on the grid, as wide as the whole grid
        addKernel(pmf, 0.5 * (n - 1), n, total > 0 ? priorWeight / mixtureTotal : 1);
        return pmf;
    }

    /** Scott's rule over the occupied grid indices: 1.059 min(IQR / 1.34, sd) N^-1/5, no narrower than MIN_SIGMA. */
    static double scottSigma(double[] counts, double total) {
        double mean = 0;
        for (int i = 0; i < counts.length; i++) {
            mean += i * counts[i] / total;
        }
        double squares = 0;
        for (int i = 0; i < counts.length; i++) {
            squares += counts[i] * (i - mean) * (i - mean);
        }
        double sd = Math.sqrt(squares / Math.max(1, total - 1));
        long n = (long) total;
        double q25 = indexWhereCumulativeReaches(counts, n / 4, false);
        double q75 = indexWhereCumulativeReaches(counts, n * 3 / 4, true);
        double iqr = q75 - q25;
        double sigma = 1.059 * Math.min(iqr / 1.34, sd) * Math.pow(total, -0.2);
        return Math.max(sigma, MIN_SIGMA);
    }

    /**
     * The grid index of the first occupied point whose cumulative count reaches {@code target} (or exceeds it, when
     * {@code strictly}); the last occupied point when none does.
     */
    private static int indexWhereCumulativeReaches(double[] counts, long target, boolean strictly) {
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            cumulative += counts[i];
            last = i;
            if (strictly ? cumulative > target : cumulative >= target) {
                return i;
            }
        }
        return last;
    }

    /** Adds {@code weight} times a normal kernel at {@code mu}, discretised on the grid and truncated to it. */
    private static void addKernel(double[] pmf, double mu, double sigma, double weight) {
        int n = pmf.length;
        double inside = mass((-0.5 - mu) / sigma, (n - 0.5 - mu) / sigma);
        for (int k = 0; k < n; k++) {
            pmf[k] += weight * mass((k - 0.5 - mu) / sigma, (k + 0.5 - mu) / sigma) / inside;
        }
    }

    /**
     * The probability of each choice, for a categorical parameter: each observed choice's kernel puts 1 on it and
     * {@code priorWeight / (observed choices + 1)} on every choice, normalised; the prior kernel is uniform.
     */
    static double[] categorical(double[] counts, double priorWeight) {
        int n = counts.length;
        double total = sum(counts);
        double[] pmf = new double[n];
        if (total <= 0) {
            java.util.Arrays.fill(pmf, 1.0 / n);
            return pmf;
        }
        int observed = 0;
        for (double c : counts) {
            if (c > 0) {
                observed++;
            }
        }
        double floor = priorWeight / (observed + 1);
        double rowSum = 1 + n * floor;
        double mixtureTotal = total + priorWeight;
        for (int i = 0; i < n; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            double w = counts[i] / mixtureTotal;
            for (int k = 0; k < n; k++) {
                pmf[k] += w * ((k == i ? 1 : 0) + floor) / rowSum;
            }
        }
        double prior = priorWeight / mixtureTotal / n;
        for (int k = 0; k < n; k++) {
            pmf[k] += prior;
        }
        return pmf;
    }

    /** P(a < Z < b) for a standard normal Z, accurate in both tails. */
    private static double mass(double a, double b) {
        return Math.exp(TruncatedNormal.logGaussMass(a, b));
    }

    private static double sum(double[] counts) {
        double s = 0;
        for (double c : counts) {
            if (c < 0 || !Double.isFinite(c)) {
                throw new IllegalArgumentException("counts must be finite and >= 0, got " + c);
            }
            s += c;
        }
        return s;
    }
}
