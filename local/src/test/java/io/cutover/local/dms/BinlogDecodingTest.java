package io.cutover.local.dms;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import io.cutover.core.db.BinlogPosition;
import io.cutover.local.dms.ExactRowsDeserializers.Temporal;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The binlog's temporal storage formats decoded to the server's text. The byte strings are what MariaDB 10.11
 * stores for these values (MySQL's documented TIME2 / DATETIME2 / TIMESTAMP2 layouts); the round trip through a
 * real server is covered by LocalDmsEngineIT.
 */
class BinlogDecodingTest {
    private static ByteArrayInputStream in(String hex) {
        return new ByteArrayInputStream(HexFormat.of().parseHex(hex));
    }

    @Test
    void time2KeepsTheSignAndTheFraction() throws Exception {
        // 12:34:56 = 0x80 | (12 << 12 | 34 << 6 | 56) + offset 0x800000
        assertThat(Temporal.time2(0, in("80C8B8"))).isEqualTo("12:34:56");
        // -838:59:59: 0x800000 - (838 << 12 | 59 << 6 | 59)
        assertThat(Temporal.time2(0, in("4B9105"))).isEqualTo("-838:59:59");
        // -00:00:01.5 with fsp 1: packed -(1 << 24) - 500000 is stored as int part -2 (floor) and fraction byte -50 (0xCE)
        assertThat(Temporal.time2(1, in("7FFFFECE"))).isEqualTo("-00:00:01.5");
        // 00:00:00.000001 with fsp 6
        assertThat(Temporal.time2(6, in("800000000001"))).isEqualTo("00:00:00.000001");
    }

    @Test
    void datetime2DateYearAndTimestampAreTheServersText() throws Exception {
        // 2024-02-29 23:59:59.999999: ((2024*13+2) << 5 | 29) << 17 | (23 << 12 | 59 << 6 | 59), + 0x8000000000, fraction 3 bytes
        long ym = 2024L * 13 + 2;
        long packed = (((ym << 5) | 29) << 17) | ((23L << 12) | (59L << 6) | 59L);
        String hex = String.format("%010X", packed + 0x8000000000L) + "0F423F";
        assertThat(Temporal.datetime2(6, in(hex))).isEqualTo("2024-02-29 23:59:59.999999");
        assertThat(Temporal.datetime2(0, in("8000000000"))).isEqualTo("0000-00-00 00:00:00");
        // DATE 1000-01-01 = 1000 << 9 | 1 << 5 | 1, 3 bytes little-endian
        int date = (1000 << 9) | (1 << 5) | 1;
        assertThat(Temporal.date(in(String.format("%02X%02X%02X", date & 0xFF, (date >> 8) & 0xFF, date >> 16)))).isEqualTo("1000-01-01");
        assertThat(Temporal.year(in("00"))).isEqualTo("0000");
        assertThat(Temporal.year(in("FF"))).isEqualTo("2155");
        // TIMESTAMP(3) 2038-01-19 03:14:07.999 = 0x7FFFFFFF s + 999 ms (2 bytes, hundredths of ms: 9990)
        assertThat(Temporal.timestamp2(3, in("7FFFFFFF2706"))).isEqualTo("2038-01-19 03:14:07.999");
        assertThat(Temporal.timestamp2(0, in("00000000"))).isEqualTo("0000-00-00 00:00:00");
    }

    @Test
    void unsignedIntegersAreWidenedBack() {
        assertThat(Values.unsigned("tinyint", -1)).isEqualTo(255);
        assertThat(Values.unsigned("smallint", -1)).isEqualTo(65535);
        assertThat(Values.unsigned("mediumint", -1)).isEqualTo(16777215);
        assertThat(Values.unsigned("int", -1)).isEqualTo(4294967295L);
        assertThat(Values.unsigned("bigint", -1L)).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(Values.unsigned("bigint", 42L)).isEqualTo(42L);
    }

    @Test
    void binlogPositionsOrderByFileSequenceThenOffset() {
        assertThat(new BinlogPosition("binlog.000010", 4)).isGreaterThan(new BinlogPosition("binlog.000009", 999_999));
        assertThat(new BinlogPosition("binlog.000010", 400)).isGreaterThan(new BinlogPosition("binlog.000010", 399));
        assertThat(new BinlogPosition("binlog.000010", 400)).hasToString("binlog.000010:400");
    }
}
