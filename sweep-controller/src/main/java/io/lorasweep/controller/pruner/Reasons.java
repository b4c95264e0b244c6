package io.lorasweep.controller.pruner;

import java.math.BigDecimal;
import java.math.MathContext;

/** How the reasons of prune decisions print numbers: short, and the same on every locale. */
final class Reasons {

    private Reasons() {
    }

    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        String plain = d.toPlainString();
        return plain.length() <= 12 ? plain : d.toString();
    }
}
