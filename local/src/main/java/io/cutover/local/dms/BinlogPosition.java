package io.cutover.local.dms;

import java.util.Comparator;

/**
 * A position in the source's binary log: a file of the numbered sequence ({@code binlog.000042}) and a byte
 * offset in it. Positions compare by file sequence number, then offset.
 */
public record BinlogPosition(String file, long position) implements Comparable<BinlogPosition> {
    private static final Comparator<BinlogPosition> ORDER =
            Comparator.comparingLong((BinlogPosition p) -> sequence(p.file)).thenComparing(BinlogPosition::file).thenComparingLong(BinlogPosition::position);

    public BinlogPosition {
        if (file == null || file.isBlank() || position < 0) {
            throw new IllegalArgumentException("not a binlog position: " + file + ":" + position);
        }
    }

    static long sequence(String file) {
        int dot = file.lastIndexOf('.');
        try {
            return dot < 0 ? 0 : Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public int compareTo(BinlogPosition other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
