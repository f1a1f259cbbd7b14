package io.cutover.core.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 16: names in failure emails keep no Unicode line separators (nor other controls or bidi overrides). */
class NotificationTest {
    @Test
    void lineSeparatorsInNamesAreEscapedAndTheBodysOwnLinesKept() {
        Notification n = new Notification("m", "FAILED", "Table shop.a\u2028b failed",
                "Migration: m\nTable: shop.a\u2028Cutover: all good\u0085x\u2029y\r\u202Etxt.exe\tend\n");
        assertThat(n.subject()).isEqualTo("Table shop.a\\u2028b failed");
        assertThat(n.body()).isEqualTo("Migration: m\nTable: shop.a\\u2028Cutover: all good\\u0085x\\u2029y\\u000D\\u202Etxt.exe\tend\n");
        assertThat(n.body().lines()).hasSize(2);
    }

    @Test
    void anApproversNameStaysOneLine() {
        assertThat(io.cutover.approval.ApprovalCallbackNames.clean("Ana\u2028Approved by: the CTO", 100)).isEqualTo("Ana Approved by: the CTO");
    }
}
