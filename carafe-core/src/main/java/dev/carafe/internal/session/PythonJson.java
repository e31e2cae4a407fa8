package dev.carafe.internal.session;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Comparator;

/**
 * The scalar parts of Python's {@code json.dumps(..., ensure_ascii=True, sort_keys=True,
 * separators=(",", ":"))}, reproduced byte for byte.
 *
 * <p>Hand-written because no JSON library reproduces Python's output: Jackson and Gson write
 * non-ASCII text as is (or with uppercase hex), format doubles the Java way ({@code 1.0E16}
 * where Python writes {@code 1e+16}) and sort keys by UTF-16 code units. A signed cookie is
 * only readable by a Flask service if the signed bytes are exactly the ones Flask would sign,
 * so every character matters here.
 */
final class PythonJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Orders keys as Python sorts {@code str}: by code point, not by UTF-16 code unit. */
    static final Comparator<String> KEY_ORDER = PythonJson::compareCodePoints;

    private PythonJson() {}

    /**
     * Appends {@code s} as a JSON string with {@code ensure_ascii}: everything outside
     * {@code ' '..'~'} is escaped, with Python's short escapes and lowercase {@code \}{@code uXXXX}
     * otherwise; characters outside the BMP become surrogate pairs, as Java stores them.
     */
    static void string(StringBuilder out, String s) {
        out.append('"');
        int run = 0; // where the current run of characters written as they are began
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
                continue;
            }
            // Runs go out in one append each: most session text needs no escape at all.
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, run, s.length()).append('"');
    }

    /**
     * Returns Python's {@code repr} of a float as {@code json.dumps} writes it: the shortest
     * digits that read back as {@code d}, in fixed notation when the decimal exponent is in
     * (-4, 16] ({@code 0.0001}, {@code 1000000000000000.0}) and in exponent notation otherwise
     * ({@code 1e-05}, {@code 1e+16}); {@code NaN}, {@code Infinity} and {@code -Infinity} bare.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return Double.doubleToRawLongBits(d) < 0 ? "-0.0" : "0.0";
        }
        String sign = d < 0 ? "-" : "";
        BigDecimal shortest = shortestDigits(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        int decpt = digits.length() - shortest.scale(); // value = 0.<digits> * 10^decpt
        StringBuilder sb = new StringBuilder(sign);
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").repeat('0', -decpt).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).repeat('0', decpt - digits.length()).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append(exp < 0 ? "e-" : "e+");
            int abs = Math.abs(exp);
            sb.append(abs < 10 ? "0" : "").append(abs);
        }
        return sb.toString();
    }

    /**
     * Returns the shortest decimal that reads back as {@code d} (positive, finite), trailing
     * zeros stripped. Java's {@code Double.toString} is shortest too, except that it prefers a
     * closer two-digit decimal over a one-digit one ({@code 4.9E-324} where Python writes
     * {@code 5e-324}); that case is narrowed to one digit here.
     */
    private static BigDecimal shortestDigits(double d) {
        BigDecimal jdk = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (jdk.precision() != 2) {
            return jdk;
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal one = jdk.round(new MathContext(1, mode));
            if (one.signum() > 0 && one.doubleValue() == d && (best == null
                    || one.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = one;
            }
        }
        return best == null ? jdk : best.stripTrailingZeros();
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
