package io.lorasweep.controller.sampler.tpe;

import io.lorasweep.controller.sampler.Dimension;
import io.lorasweep.stats.TruncatedNormal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The model of TPE: a mixture with one kernel per observed trial plus a prior kernel, each kernel a product over
 * the dimensions of a truncated Gaussian (numeric, in log space for log dimensions, integrated over its grid cell
 * for stepped ones) or a smoothed one-hot distribution (categorical). Built from observations as Optuna 5's
 * {@code _ParzenEstimator} builds it: the same bandwidth rule, magic clip, prior and weights. As in Optuna 5, the
 * bandwidths do not depend on whether the estimator is joint over several dimensions (multivariate TPE) or over one.
 *
 * <p>Values are in the samplers' internal representation: numbers as themselves, categories as indices.
 *
 * <p>Over 300 lines: Optuna's estimator in one piece (bandwidths, prior, weights, sampling and log densities for
 * numeric, stepped and categorical dimensions), so it can be read against Optuna's source side by side.
 */
final class ParzenEstimator {

    private final List<Dimension> dims;
    private final int kernels;
    /** log of the normalised mixture weights, one per kernel (the prior is the last kernel). */
    private final double[] logWeights;
    private final double[] cumulativeWeights;
    private final NumericKernels[] numeric;
    private final CategoricalKernels[] categorical;
    /** log probability of each choice when the estimator is one categorical dimension, else null. */
    private final double[] marginal;

    /**
     * @param columns one array per dimension holding the internal values of the observed trials, oldest first
     * @param orders  per dimension, the observations' indices in ascending order of value when the caller already
     *                knows it (null entries are sorted here)
     * @param weights one weight per observation before the prior's is appended
     */
    ParzenEstimator(List<Dimension> dims, double[][] columns, int[][] orders, double[] weights, TpeSettings settings) {
        int n = weights.length;
        for (double[] column : columns) {
            if (column.length != n) {
                throw new IllegalArgumentException("a column has " + column.length + " values for " + n + " weights");
            }
        }
        this.dims = dims;
        this.kernels = n + 1;
        double[] w = new double[kernels];
        if (n == 0) {
            w[0] = 1.0;
        } else {
            System.arraycopy(weights, 0, w, 0, n);
            w[n] = settings.priorWeight();
        }
        double total = 0;
        for (double x : w) {
            total += x;
        }
        logWeights = new double[kernels];
        cumulativeWeights = new double[kernels];
        double running = 0;
        for (int k = 0; k < kernels; k++) {
            w[k] /= total;
            logWeights[k] = Math.log(w[k]);
            running += w[k];
            cumulativeWeights[k] = running;
        }
        numeric = new NumericKernels[dims.size()];
        categorical = new CategoricalKernels[dims.size()];
        for (int j = 0; j < dims.size(); j++) {
            if (dims.get(j) instanceof Dimension.Categorical c) {
                categorical[j] = new CategoricalKernels(c.choices().size(), columns[j], settings.priorWeight());
            } else {
                numeric[j] = new NumericKernels((Dimension.Numeric) dims.get(j), columns[j],
                        orders == null ? null : orders[j], settings);
            }
        }
        // one categorical dimension alone (independent TPE): the mixture collapses to one distribution
        marginal = dims.size() == 1 && categorical[0] != null ? categorical[0].mixture(logWeights) : null;
    }

    int kernels() {
        return kernels;
    }

    /** The numeric kernels of dimension {@code j}, for tests. */
    NumericKernels numeric(int j) {
        return numeric[j];
    }

    /** {@code size} draws from the mixture: a kernel by weight, then each dimension from that kernel. */
    double[][] sample(RandomGenerator rng, int size) {
        int[] active = new int[size];
        for (int s = 0; s < size; s++) {
            double u = rng.nextDouble();
            int k = Arrays.binarySearch(cumulativeWeights, u);
            k = k >= 0 ? k + 1 : -k - 1; // first cumulative weight strictly above u
            active[s] = Math.min(k, kernels - 1);
        }
        double[][] out = new double[size][dims.size()];
        for (int j = 0; j < dims.size(); j++) {
            for (int s = 0; s < size; s++) {
                out[s][j] = categorical[j] != null ? categorical[j].sample(active[s], rng.nextDouble())
                        : numeric[j].sample(active[s], rng.nextDouble());
            }
        }
        return out;
    }

    /** log of the mixture density at each sample. */
    double[] logPdf(double[][] samples) {
        double[] out = new double[samples.length];
        if (marginal != null) {
            for (int s = 0; s < samples.length; s++) {
                out[s] = marginal[(int) samples[s][0]];
            }
            return out;
        }
        double[] acc = new double[kernels];
        double[] kept = new double[kernels];
        for (int s = 0; s < samples.length; s++) {
            System.arraycopy(logWeights, 0, acc, 0, kernels);
            for (int j = 0; j < dims.size(); j++) {
                if (categorical[j] != null) {
                    categorical[j].addLogPdf(samples[s][j], acc);
                } else {
                    numeric[j].addLogPdf(samples[s][j], acc);
                }
            }
            out[s] = logSumExp(acc, kernels, kept);
        }
        return out;
    }

    /**
     * log Σ exp(x). Terms more than 50 below the largest are skipped: each is below 2e-22 of it, so even ten
     * thousand of them stay under double rounding, and skipping their exp is most of an ask's time saved.
     */
    static double logSumExp(double[] x) {
        return logSumExp(x, x.length, new double[x.length]);
    }

    /** log Σ exp(x[0..n)) as above, with {@code kept} (length ≥ n) as scratch. */
    static double logSumExp(double[] x, int n, double[] kept) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, x[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double floor = max - 50;
        // gather the terms above the floor, in order, without a branch: about a third of them fall below it in
        // no predictable pattern, and the mispredicted branches cost as much as the exps they saved
        int m = 0;
        for (int k = 0; k < n; k++) {
            double v = x[k];
            kept[m] = v;
            m += v > floor ? 1 : 0;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += Math.exp(kept[i] - max);
        }
        return Math.log(sum) + max;
    }

    /** Truncated Gaussians of one numeric dimension, in its transformed space (log for log dimensions). */
    static final class NumericKernels {
        private final double low;
        private final double high;
        private final Double step;
        private final boolean log;
        private final double[] mu;
        private final double[] sigma;
        private final double[] logMass;
        /** The truncation bounds of each kernel in its own standard units. */
        private final double[] a;
        private final double[] b;
        /** Per kernel, 1/σ and the log density's constant part −log √(2π) − log σ − log(mass inside the range). */
        private final double[] inverseSigma;
        private final double[] logConstant;
        private final double rangeLow;
        private final double rangeHigh;

        NumericKernels(Dimension.Numeric d, double[] observed, int[] order, TpeSettings settings) {
            this.low = d.low();
            this.high = d.high();
            this.step = d.step();
            this.log = d.log();
            double lo = step == null ? low : low - step / 2;
            double hi = step == null ? high : high + step / 2;
            if (log) {
                lo = Math.log(lo);
                hi = Math.log(hi);
            }
            int n = observed.length;
            mu = new double[n + 1];
            for (int i = 0; i < n; i++) {
                mu[i] = log ? Math.log(observed[i]) : observed[i];
            }
            double[] sigmas = neighbourGapSigmas(Arrays.copyOf(mu, n), order, lo, hi, settings.considerEndpoints());
            double maxSigma = hi - lo;
            double minSigma = settings.considerMagicClip() ? (hi - lo) / Math.min(100.0, 1.0 + (n + 1)) : 1e-12;
            sigma = new double[n + 1];
            for (int i = 0; i < n; i++) {
                sigma[i] = Math.min(Math.max(sigmas[i], minSigma), maxSigma);
            }
            mu[n] = 0.5 * (lo + hi);
            sigma[n] = hi - lo;
            a = new double[n + 1];
            b = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                a[k] = (lo - mu[k]) / sigma[k];
                b[k] = (hi - mu[k]) / sigma[k];
            }
            logMass = new double[n + 1];
            TruncatedNormal.logGaussMasses(a, b, logMass, n + 1);
            inverseSigma = new double[n + 1];
            logConstant = new double[n + 1];
            // kernels often share a width (tied values, the clip's floor): one log and one division per run of them
            double lastSigma = Double.NaN;
            double logSigma = Double.NaN;
            double inverse = Double.NaN;
            for (int k = 0; k <= n; k++) {
                if (sigma[k] != lastSigma) {
                    lastSigma = sigma[k];
                    logSigma = Math.log(lastSigma);
                    inverse = 1 / lastSigma;
                }
                inverseSigma[k] = inverse;
                logConstant[k] = -TruncatedNormal.LOG_SQRT_2PI - logSigma - logMass[k];
            }
            rangeLow = lo;
            rangeHigh = hi;
        }

        /**
         * Optuna 5's rule: each kernel as wide as the larger gap to its neighbours among the observations and the ends
         * of the range (the prior's mean is not a neighbour); unless endpoints are considered, the outermost of two or
         * more kernels take their inner gap.
         */
        private static double[] neighbourGapSigmas(double[] mus, int[] order, double lo, double hi,
                                                   boolean considerEndpoints) {
            int n = mus.length;
            if (order == null) {
                order = argsort(mus);
            }
            double[] padded = new double[n + 2]; // lo, the observations in ascending order, hi
            padded[0] = lo;
            for (int i = 0; i < n; i++) {
                padded[i + 1] = mus[order[i]];
            }
            padded[n + 1] = hi;
            double[] sigmas = new double[n];
            for (int i = 0; i < n; i++) {
                double sigma = Math.max(padded[i + 1] - padded[i], padded[i + 2] - padded[i + 1]);
                if (!considerEndpoints && n >= 2) {
                    if (i == 0) {
                        sigma = padded[2] - padded[1];
                    } else if (i == n - 1) {
                        sigma = padded[n] - padded[n - 1];
                    }
                }
                sigmas[order[i]] = sigma;
            }
            return sigmas;
        }

        private static int[] argsort(double[] values) {
            Integer[] boxed = new Integer[values.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (x, y) -> Double.compare(values[x], values[y]));
            int[] order = new int[boxed.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = boxed[i];
            }
            return order;
        }

        /** The kernels' means and widths in transformed space (the prior's last), for tests. */
        double[] mus() {
            return mu.clone();
        }

        double[] sigmas() {
            return sigma.clone();
        }

        double sample(int k, double u) {
            double x = TruncatedNormal.ppf(u, a[k], b[k]) * sigma[k] + mu[k];
            if (log) {
                x = Math.exp(x);
            }
            if (step != null) {
                x = Math.min(Math.max(low + Math.rint((x - low) / step) * step, low), high);
            }
            return x;
        }

        void addLogPdf(double x, double[] acc) {
            if (step == null) {
                double t = log ? Math.log(x) : x;
                if (t < rangeLow || t > rangeHigh) {
                    Arrays.fill(acc, Double.NEGATIVE_INFINITY); // outside every kernel's support
                    return;
                }
                for (int k = 0; k < acc.length; k++) {
                    double z = (t - mu[k]) * inverseSigma[k];
                    acc[k] += logConstant[k] - 0.5 * z * z;
                }
                return;
            }
            double left = log ? Math.log(x - step / 2) : x - step / 2;
            double right = log ? Math.log(x + step / 2) : x + step / 2;
            // many kernels share (mu, sigma) on a grid: compute each distinct cell mass once
            // keyed by the exact pair: a mixed hash of the two could make different kernels share a mass
            Map<Cell, Double> cache = new HashMap<>();
            for (int k = 0; k < acc.length; k++) {
                Cell key = new Cell(mu[k], sigma[k]);
                int kk = k;
                double mass = cache.computeIfAbsent(key, unused -> TruncatedNormal.logGaussMass(
                        (left - mu[kk]) / sigma[kk], (right - mu[kk]) / sigma[kk]));
                acc[k] += mass - logMass[k];
            }
        }
    }

    /** A kernel's (mu, sigma), compared exactly (records compare doubles by their bits). */
    private record Cell(double mu, double sigma) {
    }

    /** One smoothed one-hot distribution per kernel over the choices of a categorical dimension. */
    static final class CategoricalKernels {
        private final int choices;
        private final int[] observed;
        /** log probability of the observed choice, and of any other choice, in an observation's kernel. */
        private final double logHit;
        private final double logMiss;
        private final double logUniform;
        /** The kernels whose observation is each choice, so a density update needs no per-kernel branch. */
        private final int[][] kernelsByChoice;

        CategoricalKernels(int choices, double[] observedIndices, double priorWeight) {
            this.choices = choices;
            int n = observedIndices.length;
            observed = new int[n];
            int[] counts = new int[choices];
            for (int i = 0; i < n; i++) {
                observed[i] = (int) observedIndices[i];
                counts[observed[i]]++;
            }
            kernelsByChoice = new int[choices][];
            for (int c = 0; c < choices; c++) {
                kernelsByChoice[c] = new int[counts[c]];
                counts[c] = 0;
            }
            for (int i = 0; i < n; i++) {
                kernelsByChoice[observed[i]][counts[observed[i]]++] = i;
            }
            // each row: priorWeight / nKernels everywhere, +1 at the observed choice, then normalised
            double fill = n == 0 ? 0 : priorWeight / (n + 1);
            double rowSum = fill * choices + 1;
            logHit = Math.log((fill + 1) / rowSum);
            logMiss = Math.log(fill / rowSum);
            logUniform = -Math.log(choices);
        }

        double sample(int k, double u) {
            if (k == observed.length) {
                return Math.min((int) (u * choices), choices - 1);
            }
            double hit = Math.exp(logHit);
            double miss = Math.exp(logMiss);
            double cumulative = 0;
            for (int c = 0; c < choices; c++) {
                cumulative += c == observed[k] ? hit : miss;
                if (u < cumulative) {
                    return c;
                }
            }
            return choices - 1;
        }

        /** log Σ_k w_k p_k(c) for every choice c, given the kernels' log weights (the prior's last). */
        double[] mixture(double[] logWeights) {
            int n = observed.length;
            double[] observedWeight = new double[choices];
            double total = 0;
            for (int k = 0; k < n; k++) {
                double w = Math.exp(logWeights[k]);
                observedWeight[observed[k]] += w;
                total += w;
            }
            double hit = Math.exp(logHit);
            double miss = Math.exp(logMiss);
            double prior = Math.exp(logWeights[n]) / choices;
            double[] out = new double[choices];
            for (int c = 0; c < choices; c++) {
                out[c] = Math.log(hit * observedWeight[c] + miss * (total - observedWeight[c]) + prior);
            }
            return out;
        }

        void addLogPdf(double x, double[] acc) {
            int c = (int) x;
            int n = observed.length;
            for (int k = 0; k < n; k++) {
                acc[k] += logMiss;
            }
            double gain = logHit - logMiss;
            for (int k : kernelsByChoice[c]) {
                acc[k] += gain;
            }
            acc[n] += logUniform;
        }
    }
}
