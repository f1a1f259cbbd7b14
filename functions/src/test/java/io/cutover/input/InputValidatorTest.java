package io.cutover.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.core.config.DmsTls;
import io.cutover.core.config.MigrationConfig;
import io.cutover.input.InputValidator.Purpose;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import io.cutover.core.json.Json;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidatorTest {
    private final InputValidator validator = new InputValidator();

    static ObjectNode validInput() {
        return (ObjectNode) Json.parse("""
                {
                  "migrationId": "orders-eu",
                  "source": {"secretId": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:cutover/source-AbCdEf",
                             "tls": {"mode": "VERIFY_IDENTITY"}},
                  "target": {"secretId": "cutover/target", "clusterIdentifier": "aurora-orders"},
                  "schemas": ["shop", "billing"],
                  "dms": {"replicationInstanceArn": "arn:aws:dms:eu-west-1:123456789012:rep:ABCDEFGHIJKLMNOP",
                          "secretsAccessRoleArn": "arn:aws:iam::123456789012:role/cutover-dms-secrets"}
                }
                """);
    }

    private Map<String, String> errorsOf(JsonNode input, Purpose purpose) {
        try {
            validator.validate(input, purpose);
        } catch (InputValidationException e) {
            return e.errors().stream().collect(Collectors.toMap(FieldError::path, FieldError::message, (a, b) -> a + " | " + b));
        }
        throw new AssertionError("expected the input to be rejected: " + input);
    }

    /** Each DMS endpoint has its own TLS; the modes are those DMS supports for MySQL-compatible endpoints. */
    @Test
    void eachDmsEndpointHasItsOwnSslModeAndCertificate() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("dms")).put("sourceSslMode", "verify-ca")
                .put("sourceCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA")
                .put("targetCertificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL");
        MigrationConfig.Dms dms = validator.validate(input, Purpose.MIGRATION).dms();
        assertThat(dms.tls(io.cutover.core.db.DatabaseRole.SOURCE))
                .isEqualTo(new DmsTls(io.cutover.core.db.DatabaseRole.SOURCE, "verify-ca", "arn:aws:dms:eu-west-1:123456789012:cert:ORDERS-SOURCE-CA"));
        assertThat(dms.tls(io.cutover.core.db.DatabaseRole.TARGET))
                .isEqualTo(new DmsTls(io.cutover.core.db.DatabaseRole.TARGET, "verify-full", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL"));

        // the shorthand sslMode sets both modes; a side's own mode wins
        ObjectNode shorthand = validInput();
        ((ObjectNode) shorthand.get("dms")).put("sslMode", "none").put("targetSslMode", "verify-full");
        MigrationConfig.Dms both = validator.validate(shorthand, Purpose.MIGRATION).dms();
        assertThat(both.sourceSslMode()).isEqualTo("none");
        assertThat(both.targetSslMode()).isEqualTo("verify-full");
    }

    @Test
    void requireAndTheSharedCertificateAreRefusedWithTheReason() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("dms")).put("targetSslMode", "require").put("sslMode", "require")
                .put("certificateArn", "arn:aws:dms:eu-west-1:123456789012:cert:RDSGLOBAL");
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors.get("$.dms.targetSslMode")).contains("must be verify-full, verify-ca or none")
                .contains("DMS does not support require for MySQL, MariaDB and Aurora MySQL endpoints")
                .contains("CHAP_Security.SSL.html");
        assertThat(errors.get("$.dms.sslMode")).contains("DMS does not support require");
        assertThat(errors.get("$.dms.certificateArn")).contains("is replaced by dms.sourceCertificateArn and dms.targetCertificateArn")
                .contains("RDS CA bundle was applied to a self-managed source");
    }

    @Test
    void validInputIsBoundWithDefaults() {
        MigrationConfig config = validator.validate(validInput(), Purpose.MIGRATION);
        assertThat(config.migrationId()).isEqualTo("orders-eu");
        assertThat(config.schemas()).containsExactly("shop", "billing");
        assertThat(config.isDryRun()).isFalse();
        assertThat(config.readiness().plannedMigrationHours()).isEqualTo(72);
        assertThat(config.cutover().maxLagSeconds()).isEqualTo(5);
        assertThat(config.cutover().drainHoldSeconds()).isZero();
        assertThat(config.cutover().validation().checksums()).isTrue();
        assertThat(config.target().tls().mode()).isEqualTo(MigrationConfig.TlsMode.VERIFY_IDENTITY);
        assertThat(config.dms().sourceSslMode()).isEqualTo("verify-full");
        assertThat(config.dms().targetSslMode()).isEqualTo("verify-full");
        assertThat(config.approval().freezeTimeoutSeconds()).isEqualTo(4 * 3600);
    }

    @Test
    void defaultsSurviveARoundTripThroughJson() {
        MigrationConfig config = validator.validate(validInput(), Purpose.MIGRATION);
        MigrationConfig again = Json.read(Json.write(config), MigrationConfig.class);
        assertThat(again).isEqualTo(config);
    }

    @Test
    void everyBadFieldIsReportedAtOnce() {
        ObjectNode input = validInput();
        input.put("migrationId", "Orders_EU");                      // pattern
        ((ObjectNode) input.get("source")).remove("secretId");        // required
        input.putArray("schemas");                                    // empty list
        ObjectNode cutover = input.putObject("cutover");
        cutover.put("maxLagSeconds", "five");                         // wrong type
        cutover.put("rollbackWindowHours", -1);                       // range
        input.put("colour", "blue");                                  // unknown field

        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsOnlyKeys("$.migrationId", "$.source.secretId", "$.schemas",
                "$.cutover.maxLagSeconds", "$.cutover.rollbackWindowHours", "$.colour");
        assertThat(errors.get("$.source.secretId")).isEqualTo("is required");
        assertThat(errors.get("$.colour")).isEqualTo("is not a known field");
        assertThat(errors.get("$.cutover.maxLagSeconds")).contains("integer");
        assertThat(errors.get("$.schemas")).contains("1");
    }

    @Test
    void theExceptionMessageNamesEveryField() {
        ObjectNode input = validInput();
        input.remove("target");
        input.put("dryRun", "yes");
        assertThatThrownBy(() -> validator.validate(input, Purpose.READINESS))
                .isInstanceOf(InputValidationException.class)
                .hasMessageContaining("2 problems")
                .hasMessageContaining("$.target: is required")
                .hasMessageContaining("$.dryRun:");
    }

    @Test
    void aPasswordInTheInputIsRejectedWithAHintAndWithoutEchoingIt() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("source")).put("password", "hunter2-very-secret");
        InputValidationException e = org.junit.jupiter.api.Assertions.assertThrows(InputValidationException.class,
                () -> validator.validate(input, Purpose.MIGRATION));
        assertThat(e.errors()).extracting(FieldError::path).containsExactly("$.source.password");
        assertThat(e.getMessage()).contains("never put a secret in the input").doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sh`op", "sh'op", "sh\"op", "shop;drop", "a/b", "a.b", "shop ", "x\u0000y"})
    void schemaNamesWithDangerousCharactersAreRejected(String name) {
        ObjectNode input = validInput();
        ((ArrayNode) input.get("schemas")).set(1, name);
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsOnlyKeys("$.schemas[1]");
        assertThat(errors.get("$.schemas[1]")).startsWith("schema name '");
    }

    @Test
    void schemaNamesOver64CharactersAreRejectedButMultibyteNamesAreFine() {
        ObjectNode input = validInput();
        ArrayNode schemas = (ArrayNode) input.get("schemas");
        schemas.set(0, "s".repeat(65));
        schemas.set(1, "ventes_été_中文"); // BMP only: MySQL refuses characters beyond U+FFFF in names
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsOnlyKeys("$.schemas[0]");
        assertThat(errors.get("$.schemas[0]")).contains("65 characters");

        schemas.set(0, "s".repeat(64));
        assertThat(validator.validate(input, Purpose.MIGRATION).schemas()).hasSize(2);
    }

    @Test
    void systemSchemasAndDuplicatesAreRejected() {
        ObjectNode input = validInput();
        input.set("schemas", Json.tree(List.of("shop", "MySQL", "Shop")));
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors.get("$.schemas[1]")).contains("system schema");
        assertThat(errors.get("$.schemas[2]")).contains("listed twice");
    }

    @Test
    void wrongTypesAreReported() {
        ObjectNode input = validInput();
        input.put("schemas", "shop");
        input.put("source", 42);
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsKeys("$.schemas", "$.source");
        assertThat(errors.get("$.schemas")).contains("array");
        assertThat(errors.get("$.source")).contains("object");
    }

    @Test
    void aMigrationNeedsDmsSettingsButAReadinessRunDoesNot() {
        ObjectNode input = validInput();
        input.remove("dms");
        ((ObjectNode) input.get("target")).remove("clusterIdentifier");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsOnlyKeys(
                "$.dms.replicationInstanceArn", "$.dms.secretsAccessRoleArn", "$.target.clusterIdentifier");
        assertThat(validator.validate(input, Purpose.READINESS).migrationId()).isEqualTo("orders-eu");
    }

    @Test
    void existingEndpointsDoNotNeedTheSecretsRole() {
        ObjectNode input = validInput();
        ObjectNode dms = (ObjectNode) input.get("dms");
        dms.remove("secretsAccessRoleArn");
        dms.put("sourceEndpointArn", "arn:aws:dms:eu-west-1:123456789012:endpoint:SRC");
        dms.put("targetEndpointArn", "arn:aws:dms:eu-west-1:123456789012:endpoint:TGT");
        assertThat(validator.validate(input, Purpose.MIGRATION).dms().sourceEndpointArn()).endsWith(":SRC");
    }

    @Test
    void theTargetDatabasesDefaultsAreOptionalAndBound() {
        assertThat(validator.validate(validInput(), Purpose.MIGRATION).target().databaseCharacterSet()).isNull();
        ObjectNode input = validInput();
        ((ObjectNode) input.get("target")).put("databaseCharacterSet", "utf8mb4").put("databaseCollation", "utf8mb4_0900_ai_ci");
        MigrationConfig config = validator.validate(input, Purpose.MIGRATION);
        assertThat(config.target().databaseCharacterSet()).isEqualTo("utf8mb4");
        assertThat(config.target().databaseCollation()).isEqualTo("utf8mb4_0900_ai_ci");
        assertThat(Json.convert(Json.tree(config), MigrationConfig.class)).isEqualTo(config);
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf8mb4:utf8mb4_bin", "UTF8MB4:utf8mb4_0900_AI_CI", "utf8:utf8mb3_general_ci", "utf8mb3:utf8_bin",
            "binary:binary", "latin1:latin1_swedish_ci"})
    void aCollationOfTheCharacterSetIsAccepted(String pair) {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("target")).put("databaseCharacterSet", pair.split(":")[0]).put("databaseCollation", pair.split(":")[1]);
        assertThat(validator.validate(input, Purpose.MIGRATION).target().databaseCollation()).isEqualTo(pair.split(":")[1]);
    }

    @Test
    void aCollationOfAnotherCharacterSetOrAMalformedNameIsRejected() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("target")).put("databaseCharacterSet", "latin1").put("databaseCollation", "utf8mb4_bin");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsExactly(Map.entry("$.target.databaseCollation",
                "'utf8mb4_bin' is not a collation of character set 'latin1' ($.target.databaseCharacterSet): its name must start with 'latin1_'"));

        ((ObjectNode) input.get("target")).put("databaseCharacterSet", "utf8mb4").put("databaseCollation", "utf8mb4bin");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsOnlyKeys("$.target.databaseCollation");

        ((ObjectNode) input.get("target")).put("databaseCharacterSet", "utf8mb4; DROP DATABASE x").put("databaseCollation", "utf8mb4_bin");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsOnlyKeys("$.target.databaseCharacterSet")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(m -> m.contains("character set or collation name"), "names the rule"));

        ((ObjectNode) input.get("source")).put("databaseCharacterSet", "utf8mb4");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsKey("$.source.databaseCharacterSet");
    }

    @Test
    void nonObjectInputIsRejected() {
        assertThat(errorsOf(Json.parse("[1,2]"), Purpose.MIGRATION)).containsOnlyKeys("$");
    }

    // Issue 16: hostile inputs that were wrongly accepted.

    /** JSON Schema patterns are ECMA-262: "$" is the end of the input, not "before a final line terminator" as in Java. */
    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", "\u2028", "\u0085", "\r"})
    void aTrailingLineTerminatorNeverPassesAPattern(String terminator) {
        ObjectNode input = validInput();
        input.put("migrationId", "shop-eu" + terminator);
        ((ObjectNode) input.get("source")).put("secretId", "cutover/source" + terminator);
        ((ObjectNode) input.get("target")).put("clusterIdentifier", "aurora-orders" + terminator);
        ((ObjectNode) input.get("target")).put("databaseCharacterSet", "utf8mb4" + terminator);
        ((ObjectNode) input.get("dms")).put("replicationInstanceArn", "arn:aws:dms:eu-west-1:123456789012:rep:ABCDEFGHIJKLMNOP" + terminator);
        ((ObjectNode) input.get("dms")).put("secretsAccessRoleArn", "arn:aws:iam::123456789012:role/cutover-dms-secrets" + terminator);
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsKeys("$.migrationId", "$.source.secretId", "$.target.clusterIdentifier",
                "$.target.databaseCharacterSet", "$.dms.replicationInstanceArn", "$.dms.secretsAccessRoleArn");
    }

    @Test
    void ecmaDollarIsTranslatedOnlyWhereItIsAnAnchor() {
        assertThat(EcmaPatterns.javaPattern("^a$")).isEqualTo("^a\\z");
        assertThat(EcmaPatterns.javaPattern("^[$]\\$$")).isEqualTo("^[$]\\$\\z");
        assertThat(EcmaPatterns.INSTANCE.getRegularExpression("^ab$").matches("ab")).isTrue();
        assertThat(EcmaPatterns.INSTANCE.getRegularExpression("^ab$").matches("ab\n")).isFalse();
    }

    @Test
    void aSwitchIsBoundWithItsDefaults() {
        ObjectNode input = validInput();
        input.set("switch", Json.parse("""
                {"parameter": {"name": "/orders/db/host", "value": "orders.cluster-abc.eu-west-1.rds.amazonaws.com"},
                 "route53": {"hostedZoneId": "Z0123456789ABC", "recordName": "db.orders.example.com", "value": "aurora.example"},
                 "lambda": {"functionName": "arn:aws:lambda:eu-west-1:123456789012:function:orders-switch"}}"""));
        MigrationConfig config = validator.validate(input, Purpose.MIGRATION);
        assertThat(config.appSwitch().acknowledge()).isTrue();
        assertThat(config.appSwitch().acknowledgeTimeoutSeconds()).isEqualTo(3600);
        assertThat(config.appSwitch().automated()).isTrue();
        assertThat(config.appSwitch().route53().recordType()).isEqualTo("CNAME");
        assertThat(config.appSwitch().route53().maxTtlSeconds()).isEqualTo(300L);
        // the state carries the defaults under "switch", where "8.2 Confirm that the application writes to the target" reads them
        assertThat(Json.tree(config).at("/switch/acknowledgeTimeoutSeconds").asInt()).isEqualTo(3600);
        assertThat(Json.tree(validator.validate(validInput(), Purpose.MIGRATION)).at("/switch/acknowledge").asBoolean(true)).isFalse();
    }

    @Test
    void aSwitchThatWouldRecordACredentialOrTouchCutoversOwnSecretIsRefused() {
        ObjectNode input = validInput();
        input.set("switch", Json.parse("""
                {"secret": {"secretId": "cutover/target", "field": "password", "value": "aurora.example"},
                 "parameter": {"name": "/orders/db/host"},
                 "route53": {"hostedZoneId": "Z0123", "recordName": "db.example.com", "value": "x", "recordType": "TXT"},
                 "acknowledgeTimeoutSeconds": 5}"""));
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsKeys("$.switch.secret.field", "$.switch.secret.secretId", "$.switch.parameter.value",
                "$.switch.route53.recordType", "$.switch.acknowledgeTimeoutSeconds");
        assertThat(errors.get("$.switch.secret.secretId")).contains("target.secretId");
    }

    @Test
    void theSameSecretForSourceAndTargetIsRefused() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("target")).put("secretId", input.get("source").get("secretId").asText());
        assertThat(errorsOf(input, Purpose.READINESS)).containsOnlyKeys("$.target.secretId")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(m -> m.contains("two different servers"), "says why"));
    }

    @Test
    void taskSettingsAreCheckedAtInputValidationWithoutEchoingTheValue() {
        ObjectNode input = validInput();
        ((ObjectNode) input.get("dms")).set("taskSettings", Json.parse("""
                {"ErrorBehavior": {"DataErrorPolicy": "hunter2-S3cr3t"}, "Endpoint": {"Password": "hunter3-S3cr3t"}}"""));
        try {
            validator.validate(input, Purpose.MIGRATION);
            throw new AssertionError("accepted");
        } catch (InputValidationException e) {
            assertThat(e.errors()).extracting(FieldError::path)
                    .containsExactlyInAnyOrder("$.dms.taskSettings.ErrorBehavior.DataErrorPolicy", "$.dms.taskSettings.Endpoint");
            assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("hunter3");
        }
        ((ObjectNode) input.get("dms")).set("taskSettings", Json.parse("{\"TargetMetadata\": {\"BatchApplyEnabled\": true}}"));
        assertThat(errorsOf(input, Purpose.READINESS)).containsOnlyKeys("$.dms.taskSettings.TargetMetadata.BatchApplyEnabled");
    }

    @Test
    void schemaNamesOutsideTheBasicMultilingualPlaneAreRefused() {
        ObjectNode input = validInput();
        input.putArray("schemas").add("shop\uD83D\uDE00").add("caf\u00e9_\u4e2d");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsOnlyKeys("$.schemas[0]")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(m -> m.contains("U+1F600") && m.contains("Basic Multilingual Plane"), "names it"));
    }

    @Test
    void cutoversOwnSchemaIsNotAMigratedSchema() {
        ObjectNode input = validInput();
        input.putArray("schemas").add("shop").add("Cutover");
        assertThat(errorsOf(input, Purpose.MIGRATION)).containsOnlyKeys("$.schemas[1]")
                .hasValueSatisfying(new org.assertj.core.api.Condition<>(m -> m.contains("Cutover's own schema"), "says why"));
    }

    @Test
    void acceptedBlockersNeedAReasonAndCannotCoverDataLosingChecks() {
        ObjectNode input = validInput();
        input.putObject("readiness").set("acceptedBlockers", Json.parse("""
                [{"check": "so-reserved-keywords", "objects": ["shop.order"], "reason": "renamed in the application release 4.2 (DBA: ana)"},
                 {"check": "so-cascade-fks", "reason": "we know what we are doing"},
                 {"check": "so-odd-identifiers"},
                 {"check": "cutover-connect-source", "reason": "the source will be up on the night"},
                 {"check": "so-metadata-hygiene", "reason": "line one\\u2028line two"}]"""));
        Map<String, String> errors = errorsOf(input, Purpose.MIGRATION);
        assertThat(errors).containsOnlyKeys("$.readiness.acceptedBlockers[1].check", "$.readiness.acceptedBlockers[2].reason",
                "$.readiness.acceptedBlockers[3].check", "$.readiness.acceptedBlockers[4].reason");
        assertThat(errors.get("$.readiness.acceptedBlockers[1].check")).contains("so-cascade-fks cannot be accepted")
                .contains("cascade").contains("https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.MySQL.html");

        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("readiness").get("acceptedBlockers")).remove(4);
        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("readiness").get("acceptedBlockers")).remove(3);
        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("readiness").get("acceptedBlockers")).remove(2);
        ((com.fasterxml.jackson.databind.node.ArrayNode) input.get("readiness").get("acceptedBlockers")).remove(1);
        MigrationConfig config = validator.validate(input, Purpose.MIGRATION);
        assertThat(config.readiness().acceptedBlockers()).containsExactly(new MigrationConfig.AcceptedBlocker("so-reserved-keywords",
                List.of("shop.order"), "renamed in the application release 4.2 (DBA: ana)"));
    }
}
