package io.cutover.cutover.validation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Key values as text that survives JSON (cursors, mismatch reports, changed-key sets) and binds back to the same
 * SQL value: {@code n:<number>}, {@code s:<text>}, {@code x:<hex bytes>}, {@code null}.
 */
public final class KeyCodec {
    private KeyCodec() {}

    public static String encode(Object v) {
        if (v == null) return "null";
        if (v instanceof byte[] b) return "x:" + HexFormat.of().formatHex(b);
        if (v instanceof BigDecimal d) return "n:" + d.stripTrailingZeros().toPlainString();
        if (v instanceof BigInteger || v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return "n:" + v;
        }
        if (v instanceof Boolean bool) return "n:" + (bool ? 1 : 0);
        return "s:" + v;
    }

    public static Object decode(String s) {
        if (s == null || s.equals("null")) return null;
        return switch (s.substring(0, 2)) {
            case "x:" -> HexFormat.of().parseHex(s.substring(2));
            case "n:" -> new BigDecimal(s.substring(2));
            default -> s.substring(2);
        };
    }

    public static List<String> encodeAll(List<Object> values) {
        List<String> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(encode(v)));
        return out;
    }

    public static Object[] decodeAll(List<String> values) {
        return values.stream().map(KeyCodec::decode).toArray();
    }

    /** For people: the value without its type prefix. */
    public static String display(String encoded) {
        return encoded == null || encoded.equals("null") ? "NULL" : encoded.substring(2);
    }
}
