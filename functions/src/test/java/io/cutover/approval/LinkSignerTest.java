package io.cutover.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cutover.core.error.ConfigurationException;
import io.cutover.core.ports.approval.ApprovalAction;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LinkSignerTest {
    private static final Instant NOW = Instant.parse("2026-11-24T20:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);
    private final LinkSigner signer = new LinkSigner(ApprovalFixture.SIGNING_KEY);
    private final String id = signer.approvalId("token-1");
    private final SignedLink link = signer.link(id, ApprovalAction.APPROVE, EXPIRES);

    private LinkCheck verify(SignedLink l, Instant now) {
        return signer.verify(l.approvalId(), l.action().param(), Long.toString(l.expires()), l.signature(), now);
    }

    @Test
    void aLinkAsIssuedIsValidUntilItsExpiry() {
        assertThat(verify(link, NOW)).isEqualTo(new LinkCheck.Valid(id, ApprovalAction.APPROVE, EXPIRES));
        assertThat(verify(link, EXPIRES.minusSeconds(1))).isInstanceOf(LinkCheck.Valid.class);
        assertThat(verify(link, EXPIRES)).isEqualTo(new LinkCheck.Expired(id, EXPIRES));
        assertThat(verify(link, EXPIRES.plusSeconds(86400))).isInstanceOf(LinkCheck.Expired.class);
    }

    @Test
    void theUrlCarriesIdActionExpiryAndSignatureOnly() {
        URI url = URI.create(link.url("https://a.example/prod/"));
        assertThat(url.getPath()).isEqualTo("/prod/approvals/" + id);
        Map<String, String> q = FormData.parse(url.getRawQuery());
        assertThat(q).containsOnlyKeys("action", "expires", "sig");
        assertThat(signer.verify(id, q.get("action"), q.get("expires"), q.get("sig"), NOW)).isInstanceOf(LinkCheck.Valid.class);
        assertThat(link.toString()).doesNotContain(link.signature());
    }

    /** Each field changed to another well-formed value: the link is forged, whichever field it was. */
    static Stream<Arguments> tamperings() {
        LinkSigner s = new LinkSigner(ApprovalFixture.SIGNING_KEY);
        String otherId = s.approvalId("token-2");
        return Stream.of(
                Arguments.of("approval id", (UnaryOperator<String[]>) f -> new String[] {otherId, f[1], f[2], f[3]}),
                Arguments.of("action", (UnaryOperator<String[]>) f -> new String[] {f[0], "reject", f[2], f[3]}),
                Arguments.of("action case", (UnaryOperator<String[]>) f -> new String[] {f[0], "APPROVE", f[2], f[3]}),
                Arguments.of("expiry pushed back", (UnaryOperator<String[]>) f -> new String[] {f[0], f[1], Long.toString(Long.parseLong(f[2]) + 86400), f[3]}),
                Arguments.of("expiry brought forward", (UnaryOperator<String[]>) f -> new String[] {f[0], f[1], Long.toString(Long.parseLong(f[2]) - 1), f[3]}),
                Arguments.of("signature, one character", (UnaryOperator<String[]>) f -> new String[] {f[0], f[1], f[2], flipFirst(f[3])}),
                Arguments.of("signature of another link", (UnaryOperator<String[]>) f -> new String[] {f[0], f[1], f[2],
                        s.link(otherId, ApprovalAction.APPROVE, EXPIRES).signature()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperings")
    void changingAnyFieldMakesTheLinkForged(String field, UnaryOperator<String[]> tamper) {
        String[] f = tamper.apply(new String[] {id, "approve", Long.toString(EXPIRES.getEpochSecond()), link.signature()});
        assertThat(signer.verify(f[0], f[1], f[2], f[3], NOW)).isInstanceOf(LinkCheck.Forged.class);
        // even after the expiry a changed link is forged, never "expired"
        assertThat(signer.verify(f[0], f[1], f[2], f[3], EXPIRES.plusSeconds(100_000))).isInstanceOf(LinkCheck.Forged.class);
    }

    @Test
    void aLinkSignedWithAnotherKeyIsForged() {
        LinkSigner other = new LinkSigner("another-key-of-enough-length-0123456789abcdef");
        SignedLink foreign = other.link(id, ApprovalAction.APPROVE, EXPIRES);
        assertThat(verify(foreign, NOW)).isInstanceOf(LinkCheck.Forged.class);
    }

    @Test
    void missingOrDamagedFieldsAreMalformedAndNamed() {
        String exp = Long.toString(EXPIRES.getEpochSecond());
        String sig = link.signature();
        assertThat(signer.verify(null, "approve", exp, sig, NOW)).isEqualTo(new LinkCheck.Malformed("approval id"));
        assertThat(signer.verify(id + "x", "approve", exp, sig, NOW)).isEqualTo(new LinkCheck.Malformed("approval id"));
        assertThat(signer.verify("../../etc/passwd-xxxxxx", "approve", exp, sig, NOW)).isEqualTo(new LinkCheck.Malformed("approval id"));
        assertThat(signer.verify(id, "maybe", exp, sig, NOW)).isEqualTo(new LinkCheck.Malformed("action"));
        assertThat(signer.verify(id, "approve", "soon", sig, NOW)).isEqualTo(new LinkCheck.Malformed("expiry"));
        assertThat(signer.verify(id, "approve", "-1", sig, NOW)).isEqualTo(new LinkCheck.Malformed("expiry"));
        assertThat(signer.verify(id, "approve", exp, null, NOW)).isEqualTo(new LinkCheck.Malformed("signature"));
        assertThat(signer.verify(id, "approve", exp, sig.substring(1), NOW)).isEqualTo(new LinkCheck.Malformed("signature"));
    }

    @Test
    void theApprovalIdIsStablePerTokenAndRevealsNothingOfIt() {
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAAeZ1c2VjcmV0";
        assertThat(signer.approvalId(token)).isEqualTo(signer.approvalId(token)).hasSize(22).doesNotContain(token.substring(0, 8));
        assertThat(signer.approvalId(token)).isNotEqualTo(signer.approvalId(token + "x"));
        assertThat(new LinkSigner("another-key-of-enough-length-0123456789abcdef").approvalId(token)).isNotEqualTo(signer.approvalId(token));
    }

    @Test
    void aShortKeyIsAConfigurationError() {
        assertThatThrownBy(() -> new LinkSigner("short")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining("short");
    }

    private static String flipFirst(String s) {
        char c = s.charAt(0) == 'A' ? 'B' : 'A';
        return c + s.substring(1);
    }
}
