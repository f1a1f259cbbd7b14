package io.cutover.core.text;

import java.util.Locale;

/** Durations as a person reads them in messages: "24 h", "1.5 h", "5 min", "30 s" (never 0.0013888888888888889 h). */
public final class Durations {
    private Durations() {}

    public static String ofHours(double hours) {
        long seconds = Math.round(hours * 3600);
        if (seconds >= 3600) {
            double h = seconds / 3600.0;
            return h == Math.rint(h) ? (long) h + " h" : String.format(Locale.ROOT, "%.1f h", h);
        }
        if (seconds >= 60) {
            double m = seconds / 60.0;
            return m == Math.rint(m) ? (long) m + " min" : String.format(Locale.ROOT, "%.1f min", m);
        }
        return seconds + " s";
    }
}
