package io.lorasweep.stats;

import org.apache.commons.math3.special.Erf;

/**
 * The standard normal truncated to [a, b], computed in log space so that kernels far in a tail keep their
 * relative weights (the same care Optuna's {@code _truncnorm} takes, so densities agree with it).
 */
public final class TruncatedNormal {

    public static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT1_2 = Math.sqrt(0.5);
    private static final double LN2 = Math.log(2);
    /** Beyond this many standard deviations a tail holds less than 5e-17 of the mass. */
    private static final double FAR = 8.3;

    private TruncatedNormal() {
    }

    /** Φ(x). */
    public static double ndtr(double x) {
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
    public static double logNdtr(double x) {
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
        return a + log1p(-Math.exp(b - a));
    }

    /** log(Φ(b) - Φ(a)). */
    public static double logGaussMass(double a, double b) {
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
        return log1p(-ndtr(a) - ndtr(-b));
    }

    /**
     * {@code out[k] = logGaussMass(a[k], b[k])} for k < n, bit for bit. One mass is a long chain of dependent steps
     * (two erfc, then log1p) that leaves the processor idle while it waits; taking each step over all intervals
     * before the next lets it overlap the chains of neighbouring intervals. The smaller tail is computed only when
     * it can change the rounded sum of the two (see {@link #belowHalfUlp}).
     */
    public static void logGaussMasses(double[] a, double[] b, double[] out, int n) {
        int[] central = new int[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            if ((a[k] < -FAR && b[k] > FAR) || b[k] <= 0 || a[k] > 0) {
                out[k] = logGaussMass(a[k], b[k]);
            } else {
                central[m++] = k;
            }
        }
        // per central interval: the tail nearer its mean (the larger), then the other one where it counts
        double[] near = new double[m];
        double[] far = new double[m];
        for (int i = 0; i < m; i++) {
            int k = central[i];
            near[i] = ndtr(-a[k] <= b[k] ? a[k] : -b[k]);
        }
        int[] counted = new int[m];
        int c = 0;
        for (int i = 0; i < m; i++) {
            int k = central[i];
            counted[c] = i;
            c += belowHalfUlp(Math.max(-a[k], b[k]), near[i]) ? 0 : 1;
        }
        for (int j = 0; j < c; j++) {
            int i = counted[j];
            int k = central[i];
            far[i] = ndtr(-a[k] <= b[k] ? -b[k] : a[k]);
        }
        // -near - far is -Φ(a) - Φ(-b) rounded (addition commutes), and -near alone where far was skipped
        for (int i = 0; i < m; i++) {
            out[central[i]] = log1p(-near[i] - far[i]);
        }
    }

    /**
     * True when Φ(-t) is surely below half an ulp of p, so that p + Φ(-t) rounds to p. Φ(-t) ≤ φ(t)/t, and for
     * t ≥ 1 that is at most exp(-t²/2), which is below e⁻¹ · 2^(E-53) ≤ ulp(p)/(2e) (E the exponent of p) when
     * t² > 2((53 - E) log 2 + 1); the factor e covers the rounding of erfc and of this test. Subnormal p are left
     * alone.
     */
    public static boolean belowHalfUlp(double t, double p) {
        int e = Math.getExponent(p);
        return t >= 1 && e >= -1000 && t * t > 2 * ((53 - e) * LN2 + 1);
    }

    /** The log density at z of the standard normal truncated to [a, b], given logGaussMass(a, b). */
    public static double logPdfStandard(double z, double a, double b, double logMass) {
        if (z < a || z > b) {
            return Double.NEGATIVE_INFINITY;
        }
        return -LOG_SQRT_2PI - 0.5 * z * z - logMass;
    }

    /** The q-quantile of the standard normal truncated to [a, b]. */
    public static double ppf(double q, double a, double b) {
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
            x = -ndtriExp(logAddExp(logNdtr(-b), log1p(-q) + logMass));
        }
        return Math.min(Math.max(x, a), b);
    }

    private static double logAddExp(double x, double y) {
        double max = Math.max(x, y);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + log1p(Math.exp(-Math.abs(x - y)));
    }

    /** The x with log Φ(x) = y (y ≤ 0). */
    public static double ndtriExp(double y) {
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

    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    // log(1 + f) = f - f²/2 + s·(f²/2 + R(s²)), s = f / (2 + f), on |f| ≤ √2 - 1
    private static final double LP1 = 6.666666666666735130e-01;
    private static final double LP2 = 3.999999999940941908e-01;
    private static final double LP3 = 2.857142874366239149e-01;
    private static final double LP4 = 2.222219843214978396e-01;
    private static final double LP5 = 1.818357216161805012e-01;
    private static final double LP6 = 1.531383769920937332e-01;
    private static final double LP7 = 1.479819860511658591e-01;

    /**
     * log(1 + x), bit for bit StrictMath.log1p (fdlibm's algorithm). On Java 17 Math.log1p is a JNI call into the C
     * fdlibm that costs several times this Java version, and TPE takes one per kernel and ask.
     */
    public static double log1p(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int hx = (int) (bits >>> 32);
        int ax = hx & 0x7fffffff;
        int k = 1;
        int hu = 0;
        double f = 0;
        double c = 0;
        if (hx < 0x3fda827a) { // x < 0.41422
            if (ax >= 0x3ff00000) { // x <= -1
                return x == -1.0 ? Double.NEGATIVE_INFINITY : Double.NaN;
            }
            if (ax < 0x3e200000) { // |x| < 2^-29: the series' first terms are exact to rounding
                return ax < 0x3c900000 ? x : x - x * x * 0.5;
            }
            if (hx > 0 || hx <= 0xbfd2bec3) { // -0.2929 < x < 0.41422: no argument reduction
                k = 0;
                f = x;
                hu = 1;
            }
        }
        if (hx >= 0x7ff00000) { // +infinity or NaN
            return x + x;
        }
        if (k != 0) {
            // 1 + x = 2^k · u with √2/2 ≤ u < √2, and c the rounding error of forming 1 + x
            double u;
            if (hx < 0x43400000) {
                u = 1.0 + x;
                hu = (int) (Double.doubleToRawLongBits(u) >>> 32);
                k = (hu >> 20) - 1023;
                c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0);
                c /= u;
            } else {
                u = x;
                hu = (int) (Double.doubleToRawLongBits(u) >>> 32);
                k = (hu >> 20) - 1023;
                c = 0;
            }
            hu &= 0x000fffff;
            long low = Double.doubleToRawLongBits(u) & 0xffffffffL;
            if (hu < 0x6a09e) {
                u = Double.longBitsToDouble(((long) (hu | 0x3ff00000) << 32) | low);
            } else {
                k += 1;
                u = Double.longBitsToDouble(((long) (hu | 0x3fe00000) << 32) | low);
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        double hfsq = 0.5 * f * f;
        if (hu == 0) { // |f| < 2^-20
            if (f == 0.0) {
                if (k == 0) {
                    return 0.0;
                }
                c += k * LN2_LO;
                return k * LN2_HI + c;
            }
            double r = hfsq * (1.0 - 0.66666666666666666 * f);
            return k == 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
        }
        double s = f / (2.0 + f);
        double z = s * s;
        double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        return k == 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }

    /** Φ⁻¹(p) for 0 < p < 1. */
    private static double inverseNdtr(double p) {
        return -Math.sqrt(2) * Erf.erfcInv(2 * p);
    }
}
