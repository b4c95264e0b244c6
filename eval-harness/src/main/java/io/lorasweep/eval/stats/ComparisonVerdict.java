package io.lorasweep.eval.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * A paired difference in plain words, e.g. {@code "r=32 vs r=16: +0.01, interval [-0.01, 0.03]: no significant
 * gain (p = 0.31)"}. "Significant" means the interval excludes zero.
 */
public final class ComparisonVerdict {

    private ComparisonVerdict() {
    }

    /**
     * @param greaterIsBetter whether a positive difference is a gain (false for perplexity)
     * @param decimals        digits after the point for the difference and interval
     */
    public static String describe(String candidate, String baseline, PairedDifference d, boolean greaterIsBetter,
                                  int decimals) {
        if (decimals < 0 || decimals > 10) {
            throw new IllegalArgumentException("decimals must be between 0 and 10, got " + decimals);
        }
        String f = "%+." + decimals + "f";
        String g = "%." + decimals + "f";
        String verdict;
        boolean favourable = greaterIsBetter ? d.difference() > 0 : d.difference() < 0;
        boolean unfavourable = greaterIsBetter ? d.difference() < 0 : d.difference() > 0;
        if (d.significant()) {
            verdict = favourable ? "significant gain" : "significant loss";
        } else if (favourable) {
            verdict = "no significant gain";
        } else if (unfavourable) {
            verdict = "no significant loss";
        } else {
            verdict = "no difference";
        }
        return String.format(Locale.ROOT, "%s vs %s: " + f + ", interval [" + g + ", " + g + "]: %s (%s)",
                candidate, baseline, d.difference(), d.low(), d.high(), verdict, formatP(d.pValue(), d.resamples()));
    }

    private static String formatP(double p, int resamples) {
        if (p == 0) {
            // the bootstrap cannot resolve p below 2/B; say that instead of claiming zero
            return "p < " + threeDigits(2.0 / resamples);
        }
        return "p = " + threeDigits(p);
    }

    private static String threeDigits(double v) {
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
