package io.lorasweep.controller.sampler.tpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lorasweep.controller.sampler.Dimension;
import io.lorasweep.stats.ErrorFunction;
import io.lorasweep.stats.TruncatedNormal;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces of TPE against values worked out from Optuna's definitions and from the C library's erf. */
class TpeMathTest {

    private static final TpeSettings SETTINGS = TpeSettings.defaults(1);

    @Test
    void gammaIsTenPercentRoundedUpCappedAt25() {
        assertEquals(0, TpeSettings.gamma(0));
        assertEquals(1, TpeSettings.gamma(1));
        assertEquals(1, TpeSettings.gamma(10));
        assertEquals(2, TpeSettings.gamma(11));
        assertEquals(25, TpeSettings.gamma(250));
        assertEquals(25, TpeSettings.gamma(10_000));
    }

    @Test
    void weightsAreFlatBelow25AndRampOlderTrialsBeyond() {
        assertEquals(0, TpeSettings.weights(0).length);
        double[] ones = new double[24];
        Arrays.fill(ones, 1.0);
        assertArrayEquals(ones, TpeSettings.weights(24));
        double[] w = TpeSettings.weights(30); // numpy.linspace(1/30, 1, 5) then 25 ones
        double step = (1 - 1.0 / 30) / 4;
        assertArrayEquals(new double[] {1.0 / 30, 1.0 / 30 + step, 1.0 / 30 + 2 * step, 1.0 / 30 + 3 * step, 1.0},
                Arrays.copyOf(w, 5), 1e-15);
        for (int i = 5; i < 30; i++) {
            assertEquals(1.0, w[i]);
        }
        assertEquals(1.0 / 26, TpeSettings.weights(26)[0], 0.0, "a ramp of one is its start");
    }

    private static ParzenEstimator.NumericKernels oneDimension(double low, double high, double... observed) {
        Dimension d = Dimension.Numeric.real("x", low, high, false);
        double[] weights = new double[observed.length];
        Arrays.fill(weights, 1.0);
        return new ParzenEstimator(List.of(d), new double[][] {observed}, null, weights, SETTINGS).numeric(0);
    }

    @Test
    void bandwidthIsTheLargerNeighbourGapWithInnerGapsAtTheEnds() {
        // sorted between the ends: 0, [0.2, 0.5, 0.9], 1. The outer kernels take their inner gaps (0.3, 0.4), the
        // middle one the larger of 0.3 and 0.4; the clip's floor 1 / (1 + 4 kernels) does not bind. The prior's
        // mean 0.5 is no neighbour (Optuna 4 counted it and gave the middle kernel 0.3).
        ParzenEstimator.NumericKernels k = oneDimension(0, 1, 0.2, 0.5, 0.9);
        assertArrayEquals(new double[] {0.3, 0.4, 0.4, 1.0}, k.sigmas(), 1e-15);
        assertArrayEquals(new double[] {0.2, 0.5, 0.9, 0.5}, k.mus(), 0.0);
    }

    @Test
    void aLoneObservationSpansTheLargerGapToAnEnd() {
        // 0, [0.2], 1: max(0.2, 0.8); Optuna 4 put the prior's mean 0.5 beside it and clipped 0.3 up to 1/3
        assertArrayEquals(new double[] {0.8, 1.0}, oneDimension(0, 1, 0.2).sigmas(), 1e-15);
    }

    @Test
    void magicClipKeepsBandwidthsAboveRangeOverKernelsPlusOne() {
        // 2 observations + prior = 3 kernels: min sigma = 1 / min(100, 1 + 3)
        ParzenEstimator.NumericKernels k = oneDimension(0, 1, 0.50, 0.51);
        assertArrayEquals(new double[] {0.25, 0.25, 1.0}, k.sigmas(), 1e-15);
    }

    @Test
    void jointKernelsTakeEachDimensionsOwnGaps() {
        // multivariate TPE as Optuna 5: every dimension of a joint estimator by the same neighbour-gap rule
        Dimension x = Dimension.Numeric.real("x", 0, 10, false);
        Dimension y = Dimension.Numeric.real("y", 1, 100, true);
        double[][] columns = {{1, 2, 4, 8}, {1, 10, 2, 100}};
        for (TpeSettings settings : List.of(SETTINGS, SETTINGS.withMultivariate(true, false))) {
            ParzenEstimator pe = new ParzenEstimator(List.of(x, y), columns, null, new double[] {1, 1, 1, 1},
                    settings);
            // x: 0, [1, 2, 4, 8], 10: inner gap 1 (clipped up to 10 / (1 + 5 kernels)), max(1, 2), max(2, 4), 4
            assertArrayEquals(new double[] {10.0 / 6, 2, 4, 4, 10}, pe.numeric(0).sigmas(), 1e-15);
            // y in log space: 0, [0, ln 2, ln 10, ln 100], ln 100 in the order of trials 0, 2, 1, 3: inner gap ln 2
            // (clipped up to ln 100 / 6), max(ln 2, ln 5), max(ln 5, ln 10), inner gap ln 10; the prior spans ln 100
            double l = Math.log(100);
            assertArrayEquals(new double[] {l / 6, Math.log(10), Math.log(5), Math.log(10), l},
                    pe.numeric(1).sigmas(), 1e-15);
            assertEquals(0.5 * l, pe.numeric(1).mus()[4], 1e-15);
        }
    }

    @Test
    void jointDensitiesAreThoseOfOptuna5() {
        // expected: Optuna 5.0.0's _ParzenEstimator(...).log_pdf (numpy 2.4.6) on the same observations, default
        // parameters; its bandwidths there, by trial: lr in log space ln 5, ln 6, ln 5, ln 6, ln 5; x 0.4, 0.6,
        // 0.4, 0.6, 0.4; r 2, 10/7 (the middle of three tied 3s: no gap, the clip's floor), 4, 2, 4
        Dimension c = new Dimension.Categorical("c", List.of("a", "b", "c"), null);
        Dimension lr = Dimension.Numeric.real("lr", 1e-5, 1e-2, true);
        Dimension x = Dimension.Numeric.real("x", -1, 1, false);
        Dimension r = new Dimension.Numeric("r", 1, 9, false, 2.0, false, null);
        double[][] columns = {{0, 2, 2, 1, 0}, {1e-4, 3e-3, 2e-5, 5e-4, 1e-4}, {0.5, -0.2, 0.9, -0.8, 0.1},
            {3, 3, 7, 1, 3}};
        ParzenEstimator pe = new ParzenEstimator(List.of(c, lr, x, r), columns, null, new double[] {1, 1, 1, 1, 1},
                SETTINGS.withMultivariate(true, false));
        assertArrayEquals(new double[] {2, 10.0 / 7, 4, 2, 4, 10}, pe.numeric(3).sigmas(), 1e-15);
        double[] logPdf = pe.logPdf(new double[][] {{2, 2e-4, 0.0, 3}, {0, 1e-3, -0.5, 9}, {1, 1e-5, 1.0, 1}});
        assertArrayEquals(new double[] {-4.756712462615291, -6.745603925502529, -6.292722006617544}, logPdf, 1e-14);
    }

    @Test
    void steppedDimensionsWidenTheirRangeByHalfAStep() {
        Dimension d = new Dimension.Numeric("r", 1, 9, false, 2.0, false, null);
        ParzenEstimator pe = new ParzenEstimator(List.of(d), new double[][] {{}}, null, new double[0], SETTINGS);
        assertEquals(5.0, pe.numeric(0).mus()[0]);
        assertEquals(10.0, pe.numeric(0).sigmas()[0], "prior sigma spans [0, 10]");
        // every grid point gets the mass of its cell; the cells tile the widened range
        double total = 0;
        for (double v = 1; v <= 9; v += 2) {
            total += Math.exp(pe.logPdf(new double[][] {{v}})[0]);
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void categoricalKernelsSmoothTheObservedChoiceWithThePrior() {
        Dimension c = new Dimension.Categorical("c", List.of("a", "b", "c"), null);
        ParzenEstimator pe = new ParzenEstimator(List.of(c), new double[][] {{0, 0, 2}}, null, new double[] {1, 1, 1},
                SETTINGS);
        // each observation's row: 1/4 everywhere, +1 at its choice, normalised by 1.75; the prior is uniform
        double hit = 1.25 / 1.75;
        double miss = 0.25 / 1.75;
        double[] expected = {(2 * hit + miss + 1.0 / 3) / 4, (3 * miss + 1.0 / 3) / 4, (hit + 2 * miss + 1.0 / 3) / 4};
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.log(expected[i]), pe.logPdf(new double[][] {{i}})[0], 1e-14);
        }
    }

    @Test
    void densitiesEqualThePlainSumOverEveryKernel() {
        // the fast paths (masses a step at a time, skipped tails, the log-sum-exp floor) against the definition
        Dimension c = new Dimension.Categorical("c", List.of("a", "b", "c"), null);
        Dimension.Numeric lr = Dimension.Numeric.real("lr", 1e-5, 1e-2, true);
        Dimension.Numeric x = Dimension.Numeric.real("x", -1, 1, false);
        Dimension.Numeric r = new Dimension.Numeric("r", 1, 9, false, 2.0, false, null);
        List<Dimension> dims = List.of(c, lr, x, r);
        MersenneTwister rng = new MersenneTwister(9);
        int n = 3000;
        double[][] columns = new double[4][n];
        for (int i = 0; i < n; i++) {
            columns[0][i] = rng.nextInt(3);
            columns[1][i] = Math.exp(Math.log(1e-5) + rng.nextDouble() * Math.log(1e3));
            columns[2][i] = 2 * rng.nextDouble() - 1;
            columns[3][i] = 1 + 2 * rng.nextInt(5);
        }
        double[] weights = TpeSettings.weights(n);
        int skipped = 0;
        ParzenEstimator pe = new ParzenEstimator(dims, columns, null, weights, SETTINGS);
        double[][] samples = pe.sample(rng, 40);
        double[] fast = pe.logPdf(samples);
        double total = 1.0; // the prior's weight
        for (double w : weights) {
            total += w;
        }
        double fill = 1.0 / (n + 1);
        double[][] mus = {null, pe.numeric(1).mus(), pe.numeric(2).mus(), pe.numeric(3).mus()};
        double[][] sigmas = {null, pe.numeric(1).sigmas(), pe.numeric(2).sigmas(), pe.numeric(3).sigmas()};
        for (int s = 0; s < samples.length; s++) {
            double[] terms = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                double term = Math.log((k < n ? weights[k] : 1.0) / total);
                term += k == n ? Math.log(1.0 / 3) : Math.log(
                        (columns[0][k] == samples[s][0] ? fill + 1 : fill) / (3 * fill + 1));
                term += plainLogPdf(mus[1][k], sigmas[1][k], Math.log(samples[s][1]), Math.log(1e-5),
                        Math.log(1e-2));
                term += plainLogPdf(mus[2][k], sigmas[2][k], samples[s][2], -1, 1);
                double mu = mus[3][k];
                double sigma = sigmas[3][k];
                double cell = samples[s][3];
                term += TruncatedNormal.logGaussMass((cell - 1 - mu) / sigma, (cell + 1 - mu) / sigma)
                        - TruncatedNormal.logGaussMass((0 - mu) / sigma, (10 - mu) / sigma);
                terms[k] = term;
            }
            double max = Arrays.stream(terms).max().orElseThrow();
            double sum = 0;
            for (double t : terms) {
                sum += Math.exp(t - max);
                skipped += t < max - 50 ? 1 : 0;
            }
            double plain = Math.log(sum) + max;
            assertEquals(plain, fast[s], 1e-12 * Math.max(1, Math.abs(plain)), "sample " + s);
        }
        assertTrue(skipped > 1000, "the log-sum-exp floor is reached: " + skipped);
    }

    private static double plainLogPdf(double mu, double sigma, double t, double lo, double hi) {
        double z = (t - mu) / sigma;
        double mass = Math.log(TruncatedNormal.ndtr((hi - mu) / sigma) - TruncatedNormal.ndtr((lo - mu) / sigma));
        return -0.5 * z * z - Math.log(sigma) - TruncatedNormal.LOG_SQRT_2PI - mass;
    }

    @ParameterizedTest
    @CsvSource({
        "1e-10, 1.1283791670955126e-10, 0.999999999887162",
        "0.1, 0.1124629160182849, 0.8875370839817152",
        "0.5, 0.5204998778130465, 0.4795001221869535",
        "0.9, 0.7969082124228322, 0.20309178757716786",
        "1.3, 0.9340079449406524, 0.06599205505934755",
        "2.9, 0.9999589021219005, 4.109787809945886e-05",
        "5.0, 0.9999999999984626, 1.5374597944280351e-12",
        "6.5, 1.0, 3.8421483271206475e-20",
        "20.0, 1.0, 5.3958656116079005e-176",
        "-1.0, -0.8427007929497149, 1.842700792949715",
        "-5.0, -0.9999999999984626, 1.9999999999984626"})
    void errorFunctionsAgreeWithTheCLibrary(double x, double erf, double erfc) {
        assertEquals(erf, ErrorFunction.erf(x), Math.ulp(erf) * 2);
        assertEquals(erfc, ErrorFunction.erfc(x), Math.ulp(erfc) * 4);
    }

    @Test
    void log1pIsStrictMathsBitForBit() {
        MersenneTwister rng = new MersenneTwister(17);
        double[] special = {0.0, -0.0, -1.0, -1.5, 1e-300, -1e-300, 1e-17, -1e-17, 1e-10, -1e-10, 0.41421, 0.41422,
            -0.2928, -0.2930, 1.0, 2.0, 1e16, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
            Math.ulp(1.0), -Math.ulp(1.0) / 2, Math.sqrt(2) - 1, Math.sqrt(0.5) - 1};
        for (double x : special) {
            assertEquals(Double.doubleToLongBits(StrictMath.log1p(x)),
                    Double.doubleToLongBits(TruncatedNormal.log1p(x)), "x=" + x);
        }
        for (int i = 0; i < 200_000; i++) {
            // magnitudes from 1e-20 to 1e20, both signs (above -1)
            double x = Math.pow(10, -20 + 40 * rng.nextDouble());
            if (rng.nextBoolean()) {
                x = -Math.min(x, rng.nextDouble());
            }
            assertEquals(Double.doubleToLongBits(StrictMath.log1p(x)),
                    Double.doubleToLongBits(TruncatedNormal.log1p(x)), "x=" + x);
        }
    }

    @Test
    void gaussMassesOverManyIntervalsAreTheOneAtATimeValuesBitForBit() {
        MersenneTwister rng = new MersenneTwister(5);
        int n = 300_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            // mostly intervals around 0 as kernels see them (widths up to 200 standard units, the mean anywhere
            // inside), some entirely on one side
            double width = k % 3 == 0 ? 200 * rng.nextDouble() : 4 + 20 * rng.nextDouble();
            a[k] = k % 10 == 0 ? 30 * rng.nextDouble() - 15 : -width * rng.nextDouble();
            b[k] = a[k] + width;
        }
        double[] masses = new double[n];
        TruncatedNormal.logGaussMasses(a, b, masses, n);
        int skippable = 0;
        for (int k = 0; k < n; k++) {
            assertEquals(Double.doubleToLongBits(TruncatedNormal.logGaussMass(a[k], b[k])),
                    Double.doubleToLongBits(masses[k]), "a=" + a[k] + ", b=" + b[k]);
            if (a[k] <= 0 && b[k] > 0) {
                // the bound behind skipping a tail: where it holds, adding that tail leaves the other unchanged
                double lower = TruncatedNormal.ndtr(a[k]);
                double upper = TruncatedNormal.ndtr(-b[k]);
                if (TruncatedNormal.belowHalfUlp(b[k], lower)) {
                    assertEquals(-lower, -lower - upper, 0.0, "a=" + a[k] + ", b=" + b[k]);
                    skippable++;
                }
                if (TruncatedNormal.belowHalfUlp(-a[k], upper)) {
                    assertEquals(-upper, -lower - upper, 0.0, "a=" + a[k] + ", b=" + b[k]);
                    skippable++;
                }
            }
        }
        assertTrue(skippable > 50_000, "the skip is exercised: " + skippable);
    }

    @Test
    void logNdtrHoldsItsPrecisionInBothTails() {
        assertEquals(Math.log(0.5), TruncatedNormal.logNdtr(0), 1e-16);
        assertEquals(-1.8410216450092634, TruncatedNormal.logNdtr(-1), 1e-15);
        assertEquals(-53.23128515051246, TruncatedNormal.logNdtr(-10), 1e-12);
        assertEquals(-454.3212439563431, TruncatedNormal.logNdtr(-30), 1e-10);
        // log(1 − Φ(−7)) = −Φ(−7) − Φ(−7)²/2 …: Φ(−7) from the C library's erfc(7/√2)/2
        assertEquals(-1.279812543885835e-12, TruncatedNormal.logNdtr(7), 1e-26);
        // beyond where Φ underflows: log φ(x) − log(−x) + log(1 − 1/x² + …)
        double x = -40;
        double u = 1 / (x * x);
        double series = 1 - u + 3 * u * u - 15 * u * u * u + 105 * u * u * u * u;
        double asymptotic = -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) + Math.log(series);
        assertEquals(asymptotic, TruncatedNormal.logNdtr(x), 1e-12);
    }

    @Test
    void ppfInvertsTheTruncatedCdf() {
        double[][] ranges = {{-1, 2}, {-30, -25}, {3, 9}, {-0.5, 0.5}};
        for (double[] r : ranges) {
            double mass = Math.exp(TruncatedNormal.logGaussMass(r[0], r[1]));
            for (double q : new double[] {1e-9, 0.01, 0.3, 0.5, 0.77, 0.999}) {
                double x = TruncatedNormal.ppf(q, r[0], r[1]);
                assertTrue(x >= r[0] && x <= r[1]);
                double back = Math.exp(TruncatedNormal.logGaussMass(r[0], x)) / mass;
                assertEquals(q, back, 1e-9 * Math.max(1, 1 / q), "q=" + q + " on " + Arrays.toString(r));
            }
        }
    }

    @Test
    void samplesFollowTheDensityTheEstimatorReports() {
        Dimension d = Dimension.Numeric.real("lr", 1e-5, 1e-2, true);
        double[] observed = {1e-4, 2e-4, 3e-4, 5e-3, 8e-5};
        ParzenEstimator pe = new ParzenEstimator(List.of(d), new double[][] {observed}, null,
                new double[] {1, 1, 1, 1, 1}, SETTINGS);
        int n = 40_000;
        double[][] draws = pe.sample(new MersenneTwister(3), n);
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(draws[i][0]);
        }
        Arrays.sort(logs);
        // the density is over log(x): integrate it on a fine grid and compare CDFs (Kolmogorov–Smirnov)
        double lo = Math.log(1e-5);
        double hi = Math.log(1e-2);
        int grid = 4000;
        double h = (hi - lo) / grid;
        double cdf = 0;
        double maxGap = 0;
        int seen = 0;
        for (int g = 0; g < grid; g++) {
            double t = lo + (g + 0.5) * h;
            cdf += Math.exp(pe.logPdf(new double[][] {{Math.exp(t)}})[0]) * h;
            double edge = lo + (g + 1) * h;
            while (seen < n && logs[seen] <= edge) {
                seen++;
            }
            maxGap = Math.max(maxGap, Math.abs(cdf - (double) seen / n));
        }
        assertEquals(1.0, cdf, 1e-3, "the density integrates to one");
        assertTrue(maxGap < 0.012, "KS distance " + maxGap);
    }
}
