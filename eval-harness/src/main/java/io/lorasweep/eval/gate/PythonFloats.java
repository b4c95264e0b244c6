package io.lorasweep.eval.gate;

import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}, so messages that copy MLflow's read the same ({@code 0.8}, {@code 2.0},
 * {@code 1e-05}). Digits come from {@link Double#toString}, which is the shortest round-trip form except for rare
 * values on Java 17 (fixed in Java 19).
 */
final class PythonFloats {

    private PythonFloats() {
    }

    static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        // x = 0.digits * 10^point
        int point = digits.length() - d.scale();
        String sign = x < 0 ? "-" : "";
        int exponent = point - 1;
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return sign + digits + "0".repeat(point - digits.length()) + ".0";
        }
        return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
}
