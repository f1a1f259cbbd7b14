package io.cutover.replication;

import io.cutover.core.ports.Notification;
import io.cutover.core.ports.Replication.CdcSample;
import io.cutover.replication.CdcLagDecision.Point;
import io.cutover.replication.CdcLagDecision.Window;
import io.cutover.replication.FullLoadDecision.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The progress notifications of the two long waits, at most one every {@link #EVERY}: during the full load (rows copied,
 * the rate since the first poll, the time left at that pace) and while CDC catches up (changes applied, the rate over the
 * samples the state carries, the lag and the time until it is within the threshold at the pace it is shrinking).
 * Estimates only: the time left is extrapolated from the percent DMS reports (FullLoadProgressPercent, which
 * https://docs.aws.amazon.com/dms/latest/APIReference/API_ReplicationTaskStats.html describes as "the percent complete
 * for the full load migration task") and from the lag's own trend; neither knows what the source will do next.
 */
public final class ProgressReport {
    public static final String EVENT_FULL_LOAD = "FULL_LOAD_PROGRESS";
    public static final String EVENT_CDC = "CDC_PROGRESS";
    /** At most one progress notification per wait this often (the first this long after the wait began). */
    public static final Duration EVERY = Duration.ofMinutes(30);

    private ProgressReport() {}

    /** Due when the last notification (else the start of the wait) is at least {@link #EVERY} ago. */
    static boolean due(Instant notifiedAt, Instant startedAt, Instant now) {
        Instant since = notifiedAt != null ? notifiedAt : startedAt;
        return since != null && !Duration.between(since, now).minus(EVERY).isNegative();
    }

    /** "1,234,567 rows copied, 2,100 rows/s over 35 min, 45 %, about 1 h 20 min left at this pace". */
    static String fullLoad(Tracker t, int tablesLoading, int tablesQueued, Instant now) {
        double elapsed = Duration.between(t.startedAt(), now).toMillis() / 1000.0;
        long copied = Math.max(0, t.rows() - t.startRows());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%,d rows copied", t.rows()));
        if (elapsed > 0) {
            b.append(String.format(Locale.ROOT, ", %,.0f rows/s over the last %s", copied / elapsed, human((long) elapsed)));
        }
        b.append(", ").append(t.percent()).append(" % (").append(t.tablesLoaded()).append(" tables loaded, ")
                .append(tablesLoading).append(" loading, ").append(tablesQueued).append(" queued)");
        int gained = t.percent() - t.startPercent();
        if (gained > 0 && elapsed > 0 && t.percent() < 100) {
            double left = (100 - t.percent()) / (gained / elapsed);
            b.append(", about ").append(human(Math.round(left))).append(" left at this pace");
        } else if (t.percent() < 100) {
            b.append(", time left unknown (the percent has not moved since the first poll)");
        }
        return b.toString();
    }

    /**
     * "12,345 changes applied, 41 changes/s over 10 min, lag 120 s (threshold 5 s), about 6 min until within at the pace it
     * shrinks". The rate and the trend come from the samples the state carries ({@link CdcLagDecision#MAX_POINTS}).
     */
    static String cdc(Window w, CdcSample s, int maxLagSeconds) {
        List<Point> points = w == null ? List.of() : w.recent();
        Point first = points.isEmpty() ? null : points.get(0);
        long changes = s.inserts() + s.updates() + s.deletes() + s.ddls();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d changes applied", changes));
        double span = first == null ? 0 : Duration.between(first.at(), s.at()).toMillis() / 1000.0;
        if (span > 0) {
            b.append(String.format(Locale.ROOT, ", %,.1f changes/s over the last %s", (changes - first.changes()) / span,
                    human((long) span)));
        }
        Double lag = CdcLagDecision.lagSeconds(s);
        if (lag == null) {
            b.append(", lag unknown (DMS reports no latency)");
            return b.toString();
        }
        b.append(String.format(Locale.ROOT, ", lag %.0f s (threshold %d s)", lag, maxLagSeconds));
        if (lag <= maxLagSeconds) {
            b.append(", within");
            return b.toString();
        }
        Double firstLag = first == null || first.sourceLatency() == null || first.targetLatency() == null ? null
                : Math.max(first.sourceLatency(), first.targetLatency());
        if (firstLag != null && span > 0 && firstLag > lag) {
            double shrinking = (firstLag - lag) / span;
            b.append(", about ").append(human(Math.round((lag - maxLagSeconds) / shrinking)))
                    .append(" until within at the pace it shrinks");
        } else {
            b.append(", not shrinking over the last samples: time left unknown");
        }
        return b.toString();
    }

    static Notification fullLoadNotification(String migrationId, String detail) {
        return new Notification(migrationId, EVENT_FULL_LOAD, "Cutover " + migrationId + ": full load in progress",
                "The full load is running: " + detail + ".\n\nEstimates from the progress so far; nothing to do. "
                        + "The next progress message comes in " + human(EVERY.toSeconds()) + " at the earliest.");
    }

    static Notification cdcNotification(String migrationId, String detail) {
        return new Notification(migrationId, EVENT_CDC, "Cutover " + migrationId + ": CDC catching up",
                "CDC is catching up before the freeze approval: " + detail + ".\n\nEstimates from the recent samples; "
                        + "nothing to do. The freeze approval is asked once the lag has held within the threshold.");
    }

    static String human(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return minutes + " min";
        }
        return minutes / 60 + " h " + minutes % 60 + " min";
    }
}
