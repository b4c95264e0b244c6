package io.lorasweep.controller.sampler.tpe;

import org.apache.commons.math3.special.Erf;

/**
 * The standard normal truncated to [a, b], computed in log space so that kernels far in a tail keep their
 * relative weights (the same care Optuna's {@code _truncnorm} takes, so densities agree with it).
 */
final class TruncatedNormal {

    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT1_2 = Math.sqrt(0.5);
    /** Beyond this many standard deviations a tail holds less than 5e-17 of the mass. */
    private static final double FAR = 8.3;

    private TruncatedNormal() {
    }

    /** Φ(x). */
    static double ndtr(double x) {
        double t = x * SQRT1_2;
        double z = Math.abs(t);
        double y;
        if (z < SQRT1_2) {
            y = 0.5 + 0.5 * ErrorFunction.erf(t);
        } else {
            y = 0.5 * ErrorFunction.erfc(z);
            if (t > 0) {
                y = 1 - y;
            }
        }
        return y;
    }

    /** log Φ(x), accurate far into both tails. */
    static double logNdtr(double x) {
        if (x > 6) {
            return -ndtr(-x); // log(1 - ε) ≈ -ε
        }
        if (x > -20) {
            return Math.log(ndtr(x));
        }
        // asymptotic series of the Mills ratio
        double logLhs = -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI;
        double lastTotal = 0;
        double rhs = 1;
        double numerator = 1;
        double denomFactor = 1;
        double denomCons = 1 / (x * x);
        int sign = 1;
        int i = 0;
        while (Math.abs(lastTotal - rhs) > Math.ulp(1.0)) {
            i++;
            lastTotal = rhs;
            sign = -sign;
            denomFactor *= denomCons;
            numerator *= 2 * i - 1;
            rhs += sign * numerator * denomFactor;
        }
        return logLhs + Math.log(rhs);
    }

    /** log(exp(a) - exp(b)) for a ≥ b. */
    private static double logDiffExp(double a, double b) {
        return a + Math.log1p(-Math.exp(b - a));
    }

    /** log(Φ(b) - Φ(a)). */
    static double logGaussMass(double a, double b) {
        if (a < -FAR && b > FAR) {
            // both tails hold less than 1e-16 of the mass: log(1 - ε) is 0 to double rounding
            return 0.0;
        }
        if (b <= 0) {
            return logDiffExp(logNdtr(b), logNdtr(a));
        }
        if (a > 0) {
            return logDiffExp(logNdtr(-a), logNdtr(-b));
        }
        return Math.log1p(-ndtr(a) - ndtr(-b));
    }

    /** The log density at z of the standard normal truncated to [a, b], given logGaussMass(a, b). */
    static double logPdfStandard(double z, double a, double b, double logMass) {
        if (z < a || z > b) {
            return Double.NEGATIVE_INFINITY;
        }
        return -LOG_SQRT_2PI - 0.5 * z * z - logMass;
    }

    /** The q-quantile of the standard normal truncated to [a, b]. */
    static double ppf(double q, double a, double b) {
        if (q <= 0) {
            return a;
        }
        if (q >= 1) {
            return b;
        }
        double logMass = logGaussMass(a, b);
        double x;
        if (a < 0) {
            x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
        } else {
            x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
        }
        return Math.min(Math.max(x, a), b);
    }

    private static double logAddExp(double x, double y) {
        double max = Math.max(x, y);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(-Math.abs(x - y)));
    }

    /** The x with log Φ(x) = y (y ≤ 0). */
    static double ndtriExp(double y) {
        if (y >= 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (y > -1e-2) {
            // near the upper end, solve on the mirrored side where log(1 - Φ) is well resolved
            return -ndtriExp(Math.log(-Math.expm1(y)));
        }
        // a close start from the inverse CDF where exp(y) is well inside double range, else the tail asymptote
        double x = y > -30 ? inverseNdtr(Math.exp(y)) : -Math.sqrt(-2 * y - Math.log(-2 * y));
        // Newton on log Φ(x) = y; d/dx log Φ = φ(x)/Φ(x)
        for (int i = 0; i < 100; i++) {
            double logPhi = logNdtr(x);
            double logDensity = -LOG_SQRT_2PI - 0.5 * x * x;
            double step = (logPhi - y) / Math.exp(logDensity - logPhi);
            x -= step;
            if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(x))) {
                break;
            }
        }
        return x;
    }

    /** Φ⁻¹(p) for 0 < p < 1. */
    private static double inverseNdtr(double p) {
        return -Math.sqrt(2) * Erf.erfcInv(2 * p);
    }
}
