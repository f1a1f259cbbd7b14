package io.cutover.local.testing;

import io.cutover.core.Heartbeat;
import io.cutover.local.db.DatabasePair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * DMS's part for validation tests that play it by hand: the source's {@code cutover.heartbeat} rows the target does not
 * have yet, inserted on the target in the order they were written (the insert of a baseline marker fires the target's
 * write-baseline trigger, as DMS's apply does).
 */
public final class HeartbeatReplay {
    private HeartbeatReplay() {}

    public static void applyMarkers(DatabasePair pair) {
        try (Connection s = pair.source().rootConnection(); Connection t = pair.target().rootConnection();
             PreparedStatement read = s.prepareStatement("SELECT marker_id, migration_id, kind, written_at FROM " + Heartbeat.qualifiedName()
                     + " ORDER BY written_at");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                try (PreparedStatement w = t.prepareStatement("INSERT IGNORE INTO " + Heartbeat.qualifiedName()
                        + " (marker_id, migration_id, kind, written_at) VALUES (?, ?, ?, ?)")) {
                    for (int i = 1; i <= 4; i++) {
                        w.setObject(i, rs.getObject(i));
                    }
                    w.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("replaying the heartbeat rows on the target: " + e.getMessage(), e);
        }
    }
}
