package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.ports.Artifacts;
import io.cutover.local.Project;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml, checked offline (no AWS, no sam CLI). `sam validate --lint` is the full check where the sam
 * CLI exists; these checks cover what it would mostly catch plus Cutover's own rules. Each check is proven to
 * fail on a broken template in {@link TemplateChecksTest}.
 */
class TemplateTest {
    private static SamTemplate template;
    private static CfnSpec spec;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
        spec = CfnSpec.load(CfnSpec.defaultLocation());
    }

    @Test
    void everySamResourceAndTheGlobalsMatchTheSamSchema() {
        Optional<SamSchemaCheck> check = SamSchemaCheck.load(SamSchemaCheck.defaultLocation());
        if (check.isEmpty()) {
            String notRun = "SAM schema validation NOT RUN: " + SamSchemaCheck.defaultLocation()
                    + " is absent (it is not part of the project); run `sam validate --lint` where the sam CLI exists";
            System.err.println(notRun); // in the build log, not only in the skip reason of the report
            assumeTrue(false, notRun);
        }
        assertThat(check.get().problems(template)).isEmpty();
    }

    @Test
    void everyPlainResourceMatchesTheCloudFormationSpecification() {
        assertThat(new CfnSpecCheck(spec).problems(template)).isEmpty();
    }

    @Test
    void everyReferenceHasATargetThatExistsWhereItIsUsed() {
        assertThat(new ReferenceCheck().problems(template)).isEmpty();
    }

    @Test
    void noResourceDependsOnItselfThroughOthers() {
        assertThat(new DependencyCycleCheck().problems(template)).isEmpty();
    }

    @Test
    void everyHandlerIsAFunctionsClassLambdaCanRun() {
        assertThat(new HandlerCheck(Project.root().resolve("functions/src/main/java")).problems(template)).isEmpty();
    }

    @Test
    void everyStateMachineMatchesItsAslFileAndMayInvokeItsFunctions() {
        assertThat(new StateMachineWiringCheck().problems(template)).isEmpty();
    }

    @Test
    void noActionOnResourceStarOutsideTheAllowList() {
        assertThat(new IamWildcardCheck().problems(template)).isEmpty();
    }

    @Test
    void noSecretIsWrittenInOrPassedThroughTheTemplate() {
        assertThat(new SecretCheck().problems(template)).isEmpty();
    }

    @Test
    void functionsAndStateMachinesFollowCutoverConventions() {
        assertThat(new ConventionsCheck().problems(template)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> output(String name) {
        Map<String, Object> output = (Map<String, Object>) template.section("Outputs").get(name);
        assertThat(output).as("output " + name).isNotNull();
        return output;
    }

    @Test
    void bothStateMachinesHaveAConsoleLink() {
        Object migration = output("MigrationStateMachineConsoleUrl").get("Value");
        assertThat(migration).isEqualTo(Map.of("Fn::Sub", "https://${AWS::Region}.console.aws.amazon.com/states/home"
                + "?region=${AWS::Region}#/statemachines/view/${MigrationStateMachine}"));
        assertThat(output("ReadinessStateMachineConsoleUrl").get("Value"))
                .isEqualTo(Map.of("Fn::Sub", ((String) ((Map<?, ?>) migration).get("Fn::Sub"))
                        .replace("${MigrationStateMachine}", "${ReadinessStateMachine}")));
    }

    @Test
    void outputDescriptionsNameWhatTheExecutionInputAndTheArtifactsReallyUse() {
        // the input has no target.host: Cutover takes the stack's cluster endpoint from target.clusterIdentifier, and
        // the RDS-managed master secret is target.secretId as it is
        assertThat((String) output("AuroraClusterEndpoint").get("Description")).contains("target.clusterIdentifier")
                .doesNotContain("target.host");
        assertThat((String) output("AuroraMasterSecretArn").get("Description")).contains("target.secretId");
        assertThat(MigrationConfig.Endpoint.class.getRecordComponents()).extracting(c -> c.getName()).doesNotContain("host");
        // every artifact key starts with migrations/<migrationId>/
        assertThat((String) output("ArtifactsBucketName").get("Description"))
                .contains(Artifacts.key("<migrationId>", "x").replace("x", ""));
    }
}
