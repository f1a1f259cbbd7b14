package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.local.Project;
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
}
