package io.cutover.approval;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as approvers read them: UTC, to the minute, with how long is left. */
final class Times {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String utc(Instant instant) {
        return UTC.format(instant);
    }

    /** "2026-11-25 03:40 UTC (in 3 h 59 min)", or "(expired)" when past. */
    static String withRemaining(Instant instant, Instant now) {
        return utc(instant) + " (" + remaining(instant, now) + ")";
    }

    static String remaining(Instant instant, Instant now) {
        Duration left = Duration.between(now, instant);
        if (left.isNegative() || left.isZero()) {
            return "expired";
        }
        long minutes = (left.getSeconds() + 59) / 60;
        if (minutes < 60) {
            return "in " + minutes + " min";
        }
        return "in " + minutes / 60 + " h " + minutes % 60 + " min";
    }
}
