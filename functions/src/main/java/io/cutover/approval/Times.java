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

    /** How old a figure measured at {@code then} is at {@code now}: "less than a minute old", "12 min old", "2 h 5 min old". */
    static String age(Instant then, Instant now) {
        long minutes = Math.max(0, Duration.between(then, now).getSeconds()) / 60;
        if (minutes < 1) {
            return "less than a minute old";
        }
        if (minutes < 60) {
            return minutes + " min old";
        }
        return minutes / 60 + " h " + minutes % 60 + " min old";
    }

    /** {@code value} with its age when it is an ISO-8601 instant (a figure's measurement time), else unchanged. */
    static String withAge(String value, Instant now) {
        if (value == null || value.length() < 20 || value.length() > 40 || !Character.isDigit(value.charAt(0))) {
            return value;
        }
        try {
            Instant at = Instant.parse(value);
            return utc(at) + " (" + age(at, now) + ")";
        } catch (java.time.format.DateTimeParseException e) {
            return value;
        }
    }
}
