package io.cutover.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.input.InputValidator.Purpose;
import io.cutover.core.error.InputValidationException;
import io.cutover.core.error.InputValidationException.FieldError;
import org.junit.jupiter.api.Test;

/**
 * target.secretId may name the master user secret RDS manages for the stack's cluster (output AuroraMasterSecretArn):
 * its name rds!cluster-... must pass the schema, and the input must say which cluster it belongs to.
 */
class ManagedTargetSecretInputTest {
    private static final String MANAGED_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:"
            + "rds!cluster-0d2d3ad9-2e71-4d59-8c8b-c4fe19e9b1b0-AbCdEf";
    private final InputValidator validator = new InputValidator();

    private static ObjectNode withManagedTarget(String secretId) {
        ObjectNode input = InputValidatorTest.validInput();
        ((ObjectNode) input.get("target")).put("secretId", secretId);
        ((ObjectNode) input.get("dms")).put("targetSecretId", "cutover/cutover-aurora-dms");
        return input;
    }

    @Test
    void theRdsManagedSecretIsAcceptedByArnAndByName() {
        assertThat(validator.validate(withManagedTarget(MANAGED_ARN), Purpose.MIGRATION).target().secretId()).isEqualTo(MANAGED_ARN);
        assertThat(validator.validate(withManagedTarget("rds!cluster-0d2d3ad9-2e71-4d59-8c8b-c4fe19e9b1b0"), Purpose.READINESS)
                .target().secretId()).startsWith("rds!cluster-");
    }

    @Test
    void itNeedsTheClusterItsHostComesFrom() {
        ObjectNode input = withManagedTarget(MANAGED_ARN);
        ((ObjectNode) input.get("target")).remove("clusterIdentifier");
        assertThatThrownBy(() -> validator.validate(input, Purpose.READINESS)).isInstanceOf(InputValidationException.class)
                .satisfies(e -> assertThat(((InputValidationException) e).errors()).extracting(FieldError::path)
                        .containsExactly("$.target.clusterIdentifier"));
    }

    @Test
    void dmsCannotCreateItsTargetEndpointFromIt() {
        ObjectNode input = withManagedTarget(MANAGED_ARN);
        ((ObjectNode) input.get("dms")).remove("targetSecretId"); // dms.targetSecretId would default to target.secretId
        assertThatThrownBy(() -> validator.validate(input, Purpose.MIGRATION)).isInstanceOf(InputValidationException.class)
                .satisfies(e -> assertThat(((InputValidationException) e).errors()).singleElement().satisfies(f -> {
                    assertThat(f.path()).isEqualTo("$.dms.targetSecretId");
                    assertThat(f.message()).contains("DmsTargetUserSecretArn");
                }));
        // given an existing target endpoint, DMS never reads that secret
        ((ObjectNode) input.get("dms")).put("targetEndpointArn", "arn:aws:dms:eu-west-1:123456789012:endpoint:TARGETENDPOINT1");
        assertThat(validator.validate(input, Purpose.MIGRATION).target().secretId()).isEqualTo(MANAGED_ARN);
    }

    @Test
    void otherExclamationMarksAreStillRefused() {
        assertThatThrownBy(() -> validator.validate(withManagedTarget("cutover/tar!get"), Purpose.READINESS))
                .isInstanceOf(InputValidationException.class);
    }
}
