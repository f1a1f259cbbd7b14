package io.cutover.local.dms;

import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.DeleteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventHeaderV4Deserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.FormatDescriptionEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.GtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.MariadbGtidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.NullEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.QueryEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.RotateEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.TableMapEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.UpdateRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.WriteRowsEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.XidEventDataDeserializer;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Row-event decoding that keeps date and time values exact. mysql-binlog-connector-java turns them into
 * epoch milliseconds through java.util.Calendar: zero dates become null, negative TIME values lose their sign,
 * YEAR 0000 becomes 1900, dates before 1582 shift by the Julian calendar. Here they are decoded from MySQL's
 * documented storage formats into the server's own text (the form the full load reads with CAST(… AS CHAR)),
 * and BIT values stay the raw big-endian bytes the server stores. Everything else is the library's decoding,
 * with CHAR/VARCHAR as bytes (decoded later with the column's character set).
 */
final class ExactRowsDeserializers {
    private ExactRowsDeserializers() {}

    /** An event deserializer with the exact row decoders and the event types the engine reads. */
    @SuppressWarnings("rawtypes") // the library's constructor takes a raw map
    static EventDeserializer eventDeserializer() {
        Map<Long, TableMapEventData> tableMaps = new HashMap<>();
        Map<EventType, EventDataDeserializer> byType = new IdentityHashMap<>();
        byType.put(EventType.FORMAT_DESCRIPTION, new FormatDescriptionEventDataDeserializer());
        byType.put(EventType.ROTATE, new RotateEventDataDeserializer());
        byType.put(EventType.QUERY, new QueryEventDataDeserializer());
        byType.put(EventType.TABLE_MAP, new TableMapEventDataDeserializer());
        byType.put(EventType.XID, new XidEventDataDeserializer());
        byType.put(EventType.GTID, new GtidEventDataDeserializer());
        byType.put(EventType.MARIADB_GTID, new MariadbGtidEventDataDeserializer());
        byType.put(EventType.WRITE_ROWS, new Write(tableMaps));
        byType.put(EventType.UPDATE_ROWS, new Update(tableMaps));
        byType.put(EventType.DELETE_ROWS, new Delete(tableMaps));
        byType.put(EventType.EXT_WRITE_ROWS, new Write(tableMaps).setMayContainExtraInformation(true));
        byType.put(EventType.EXT_UPDATE_ROWS, new Update(tableMaps).setMayContainExtraInformation(true));
        byType.put(EventType.EXT_DELETE_ROWS, new Delete(tableMaps).setMayContainExtraInformation(true));
        EventDeserializer deserializer = new EventDeserializer(new EventHeaderV4Deserializer(), new NullEventDataDeserializer(), byType, tableMaps);
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        return deserializer;
    }

    /*
     * The library's three row deserializers have no common hook other than their shared abstract base, and Java
     * cannot mix one override into three superclasses: each subclass routes every cell through exactCell, the one
     * place that says which column types are decoded exactly.
     */
    static final class Write extends WriteRowsEventDataDeserializer {
        Write(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return Temporal.decodesExactly(type) ? Temporal.exactCell(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Update extends UpdateRowsEventDataDeserializer {
        Update(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return Temporal.decodesExactly(type) ? Temporal.exactCell(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }

    static final class Delete extends DeleteRowsEventDataDeserializer {
        Delete(Map<Long, TableMapEventData> tableMaps) {
            super(tableMaps);
        }

        @Override
        protected Serializable deserializeCell(ColumnType type, int meta, int length, ByteArrayInputStream in) throws IOException {
            return Temporal.decodesExactly(type) ? Temporal.exactCell(type, meta, in) : super.deserializeCell(type, meta, length, in);
        }
    }

    /** MySQL's binary storage formats of temporal columns (sql/my_time.cc, the *_packed_from_binary functions). */
    static final class Temporal {
        private static final long TIMEF_INT_OFS = 0x800000L;
        private static final long TIMEF_OFS = 0x800000000000L;
        private static final long DATETIMEF_INT_OFS = 0x8000000000L;

        private static final Set<ColumnType> EXACT = EnumSet.of(ColumnType.DATE, ColumnType.TIME, ColumnType.TIME_V2,
                ColumnType.DATETIME, ColumnType.DATETIME_V2, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_V2, ColumnType.YEAR,
                ColumnType.BIT);

        private Temporal() {}

        /** The column types decoded here instead of by the library (see the class comment for why). */
        static boolean decodesExactly(ColumnType type) {
            return EXACT.contains(type);
        }

        /** The exact value of a cell whose type {@link #decodesExactly} accepts; meta is the table map's column metadata. */
        static Serializable exactCell(ColumnType type, int meta, ByteArrayInputStream in) throws IOException {
            return switch (type) {
                case DATE -> date(in);
                case TIME -> time(in);
                case TIME_V2 -> time2(meta, in);
                case DATETIME -> datetime(in);
                case DATETIME_V2 -> datetime2(meta, in);
                case TIMESTAMP -> timestamp(in);
                case TIMESTAMP_V2 -> timestamp2(meta, in);
                case YEAR -> year(in);
                case BIT -> bit(meta, in);
                default -> throw new IllegalArgumentException("not decoded exactly: column type " + type);
            };
        }

        static String date(ByteArrayInputStream in) throws IOException {
            int v = in.readInteger(3);
            return String.format("%04d-%02d-%02d", v >> 9, (v >> 5) & 0x0F, v & 0x1F);
        }

        /** The pre-5.6 TIME: a signed 3-byte little-endian integer [-]HHMMSS. */
        static String time(ByteArrayInputStream in) throws IOException {
            int v = (in.readInteger(3) << 8) >> 8;
            String sign = v < 0 ? "-" : "";
            v = Math.abs(v);
            return String.format("%s%02d:%02d:%02d", sign, v / 10000, (v / 100) % 100, v % 100);
        }

        static String time2(int fsp, ByteArrayInputStream in) throws IOException {
            long packed;
            switch (fsp) {
                case 1, 2 -> {
                    long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
                    long frac = bigEndian(in.read(1));
                    if (intPart < 0 && frac != 0) {
                        intPart++;
                        frac -= 0x100;
                    }
                    packed = (intPart << 24) + frac * 10_000;
                }
                case 3, 4 -> {
                    long intPart = bigEndian(in.read(3)) - TIMEF_INT_OFS;
                    long frac = bigEndian(in.read(2));
                    if (intPart < 0 && frac != 0) {
                        intPart++;
                        frac -= 0x10000;
                    }
                    packed = (intPart << 24) + frac * 100;
                }
                case 5, 6 -> packed = bigEndian(in.read(6)) - TIMEF_OFS;
                default -> packed = (bigEndian(in.read(3)) - TIMEF_INT_OFS) << 24;
            }
            String sign = packed < 0 ? "-" : "";
            packed = Math.abs(packed);
            long hms = packed >> 24;
            long micros = packed & 0xFFFFFF;
            return String.format("%s%02d:%02d:%02d", sign, (hms >> 12) & 0x3FF, (hms >> 6) & 0x3F, hms & 0x3F) + fraction(micros, fsp);
        }

        /** The pre-5.6 DATETIME: an 8-byte little-endian integer YYYYMMDDhhmmss. */
        static String datetime(ByteArrayInputStream in) throws IOException {
            long v = in.readLong(8);
            long date = v / 1_000_000;
            long time = v % 1_000_000;
            return String.format("%04d-%02d-%02d %02d:%02d:%02d", date / 10000, (date / 100) % 100, date % 100,
                    time / 10000, (time / 100) % 100, time % 100);
        }

        static String datetime2(int fsp, ByteArrayInputStream in) throws IOException {
            long intPart = bigEndian(in.read(5)) - DATETIMEF_INT_OFS;
            long micros = fractionMicros(fsp, in);
            long ymdhms = Math.abs(intPart);
            long ymd = ymdhms >> 17;
            long ym = ymd >> 5;
            long hms = ymdhms & 0x1FFFF;
            return String.format("%04d-%02d-%02d %02d:%02d:%02d", ym / 13, ym % 13, ymd & 0x1F, hms >> 12, (hms >> 6) & 0x3F, hms & 0x3F)
                    + fraction(micros, fsp);
        }

        /** The pre-5.6 TIMESTAMP: 4-byte little-endian seconds since the epoch. */
        static String timestamp(ByteArrayInputStream in) throws IOException {
            return epoch(in.readLong(4), 0, 0);
        }

        static String timestamp2(int fsp, ByteArrayInputStream in) throws IOException {
            long seconds = bigEndian(in.read(4));
            return epoch(seconds, fractionMicros(fsp, in), fsp);
        }

        private static String epoch(long seconds, long micros, int fsp) {
            if (seconds == 0 && micros == 0) {
                return "0000-00-00 00:00:00" + fraction(0, fsp);
            }
            LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
            return String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute(), t.getSecond()) + fraction(micros, fsp);
        }

        static String year(ByteArrayInputStream in) throws IOException {
            int v = in.readInteger(1);
            return v == 0 ? "0000" : String.valueOf(1900 + v);
        }

        /** BIT(n): the ceil(n/8) bytes the server stores, big-endian. */
        static byte[] bit(int meta, ByteArrayInputStream in) throws IOException {
            int bits = (meta >> 8) * 8 + (meta & 0xFF);
            return in.read((bits + 7) / 8);
        }

        private static long fractionMicros(int fsp, ByteArrayInputStream in) throws IOException {
            return switch (fsp) {
                case 1, 2 -> bigEndian(in.read(1)) * 10_000;
                case 3, 4 -> bigEndian(in.read(2)) * 100;
                case 5, 6 -> bigEndian(in.read(3));
                default -> 0;
            };
        }

        private static String fraction(long micros, int fsp) {
            if (fsp <= 0) {
                return "";
            }
            return "." + String.format("%06d", micros).substring(0, Math.min(6, fsp));
        }

        private static long bigEndian(byte[] bytes) {
            long v = 0;
            for (byte b : bytes) {
                v = (v << 8) | (b & 0xFF);
            }
            return v;
        }
    }
}
