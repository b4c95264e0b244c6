package io.lorasweep.stats;

import java.util.Locale;

/**
 * The plain-language reading of a {@link Difference} between two runs (two columns of a baseline table), e.g.
 * {@code "r=32 vs r=16: +0.01, interval [-0.01, 0.03], p = 0.41: no significant gain; r=16 is the cheaper choice"}.
 */
public final class ComparisonVerdict {

    private ComparisonVerdict() {
    }

    /**
     * @param earlierCost the cost of the earlier column's run, null when unknown (the base model costs no training)
     */
    public static String of(String laterName, String earlierName, Difference d, Double laterCost, Double earlierCost) {
        StringBuilder b = new StringBuilder();
        b.append(laterName).append(" vs ").append(earlierName).append(": ");
        int decimals = d.hasInterval() ? decimals(d.high() - d.low()) : 3;
        b.append(signed(d.difference(), decimals));
        if (!d.hasInterval()) {
            return b.append(", no interval on one side: significance unknown").append(cheaper(laterName, earlierName,
                    laterCost, earlierCost)).toString();
        }
        b.append(", interval [").append(plain(d.low(), decimals)).append(", ").append(plain(d.high(), decimals))
                .append("]");
        if (d.p() != null) {
            b.append(", ").append(pValue(d.p()));
        }
        b.append(": ");
        if (d.significant() && d.gain()) {
            b.append("significant gain");
            double later = laterCost == null ? 0 : laterCost;
            double earlier = earlierCost == null ? 0 : earlierCost;
            if (later > earlier + 1e-9) {
                b.append(" for ").append(money(later - earlier)).append(" more per run");
            } else if (later < earlier - 1e-9) {
                b.append(", and ").append(laterName).append(" is also the cheaper choice");
            }
        } else if (d.significant()) {
            b.append("significantly worse; ").append(earlierName).append(" is better");
        } else {
            b.append(d.gain() ? "no significant gain" : "no significant difference");
            b.append(cheaper(laterName, earlierName, laterCost, earlierCost));
        }
        return b.toString();
    }

    private static String cheaper(String laterName, String earlierName, Double laterCost, Double earlierCost) {
        if (laterCost == null && earlierCost == null) {
            return "";
        }
        double later = laterCost == null ? 0 : laterCost;
        double earlier = earlierCost == null ? 0 : earlierCost;
        if (Math.abs(later - earlier) < 1e-9) {
            return "";
        }
        return "; " + (later < earlier ? laterName : earlierName) + " is the cheaper choice";
    }

    /** Enough decimals that a quarter of the interval's width shows (so its bounds keep their sign), 2 to 6. */
    static int decimals(double width) {
        if (!(width > 0) || !Double.isFinite(width)) {
            return 3;
        }
        return Math.max(2, Math.min(6, (int) Math.ceil(-Math.log10(width / 4))));
    }

    /** "p = 0.034", or "p < 0.001" below that (a 2,000-resample bootstrap resolves p to 0.001). */
    public static String pValue(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }

    static String signed(double v, int decimals) {
        String s = plain(v, decimals);
        return s.startsWith("-") ? s : "+" + s;
    }

    static String plain(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        // "-0.00" reads as a loss; it is zero
        return s.matches("-0\\.0*") ? s.substring(1) : s;
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, usd >= 100 ? "$%.0f" : usd >= 1 ? "$%.2f" : "$%.4f", usd);
    }
}
