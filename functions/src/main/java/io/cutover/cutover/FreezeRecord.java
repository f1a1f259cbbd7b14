package io.cutover.cutover;

import io.cutover.core.db.BinlogPosition;
import java.time.Instant;
import java.util.List;

/**
 * What the source looked like before Cutover froze it, and what the freeze did: kept in the artifacts store
 * ({@code cutover/freeze.json}) before anything is changed, so that unfreeze restores exactly this, from any
 * later execution or by hand. A second freeze keeps the first recording while its status is FROZEN.
 */
public record FreezeRecord(
        String migrationId,
        String executionName,
        String server,
        String flavor,
        boolean readOnlyBefore,
        Boolean superReadOnlyBefore,
        Instant recordedAt,
        Status status,
        Marker marker,
        BinlogPosition freezePosition,
        List<String> accountsThatCanStillWrite,
        Instant restoredAt) {

    public enum Status {
        /** Recorded; read_only is being or has been set. The record to restore from. */
        FROZEN,
        /** The freeze was refused before anything changed; nothing to restore. */
        NOT_FROZEN,
        /** Unfreeze restored the recorded settings. */
        RESTORED
    }

    /** The drain marker written on the source after read_only was set. */
    public record Marker(String markerId, Instant writtenAt) {}

    FreezeRecord with(Status newStatus, Instant at) {
        return new FreezeRecord(migrationId, executionName, server, flavor, readOnlyBefore, superReadOnlyBefore, recordedAt,
                newStatus, marker, freezePosition, accountsThatCanStillWrite, newStatus == Status.RESTORED ? at : restoredAt);
    }

    FreezeRecord withMarker(Marker newMarker, BinlogPosition position, List<String> writers) {
        return new FreezeRecord(migrationId, executionName, server, flavor, readOnlyBefore, superReadOnlyBefore, recordedAt,
                status, newMarker, position, writers, restoredAt);
    }
}
