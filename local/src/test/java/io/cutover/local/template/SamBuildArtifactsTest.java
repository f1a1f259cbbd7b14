package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cutover.local.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages `sam build` made, as `sam deploy` uploads them ({@link SamBuildCheck}). .ci/run runs `sam build` first
 * and names its build directory in {@code CUTOVER_SAM_BUILD_DIR} (or {@code -Dcutover.samBuildDir}); then this test
 * must find a build there, or fail. Without either (a developer's `mvn verify`) it is skipped and says so.
 */
class SamBuildArtifactsTest {
    static final String ENV = "CUTOVER_SAM_BUILD_DIR";
    static final String PROPERTY = "cutover.samBuildDir";

    @Test
    void everyFunctionOfTheSamBuildLoadsItsHandlerFromItsOwnPackage() {
        String asked = System.getProperty(PROPERTY, System.getenv(ENV));
        if (asked == null || asked.isBlank()) {
            String notRun = "sam build artifacts NOT CHECKED: no " + ENV + " (run `sam build`, then set it to the build "
                    + "directory, e.g. .aws-sam/build; .ci/run does both)";
            System.err.println(notRun);
            assumeTrue(false, notRun);
        }
        Path buildDir = Project.root().resolve(asked).normalize();
        SamBuildCheck.Result result = new SamBuildCheck(buildDir).check(SamTemplate.read(Project.template()));

        System.out.println("sam build in " + buildDir + " (as `sam deploy` zips each function's directory):");
        for (SamBuildCheck.Package p : result.packages()) {
            System.out.println(p.sameAs() == null
                    ? String.format(Locale.ROOT, "  %-34s %,d files, %s unzipped, %s zipped", p.function(), p.files(),
                            mb(p.unzippedBytes()), mb(p.zippedBytes()))
                    : String.format(Locale.ROOT, "  %-34s the same package as %s", p.function(), p.sameAs()));
        }
        assertThat(result.problems()).as("problems of the sam build in " + buildDir).isEmpty();
        assertThat(result.packages()).extracting(SamBuildCheck.Package::function)
                .containsExactlyInAnyOrderElementsOf(SamTemplate.read(Project.template()).resourcesOfType("AWS::Serverless::Function"));
    }

    @Test
    void aMissingBuildIsAFailureNamingTheDirectory(@TempDir Path dir) {
        SamBuildCheck.Result result = new SamBuildCheck(dir.resolve("build")).check(SamTemplate.read(Project.template()));
        assertThat(result.problems()).containsExactly("no sam build in " + dir.resolve("build")
                + " (template.yaml is missing): run `sam build` first");
    }

    @Test
    void aPackageWithoutTheHandlerOrWithNewerClassesOrAFunctionMissingIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("template.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  ValidateInputFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: io.cutover.input.ValidateInputHandler::handleRequest
                      CodeUri: ValidateInputFunction
                """);
        Path pkg = Files.createDirectories(dir.resolve("ValidateInputFunction"));
        // the header of a class file for Java 25 (major version 69)
        Files.write(pkg.resolve("Newer.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 69});

        SamBuildCheck.Result result = new SamBuildCheck(dir).check(SamTemplate.read(Project.template()));

        assertThat(result.problems())
                .contains("CheckSourceReadinessFunction: in template.yaml but not in the sam build (stale build?)")
                .contains("ValidateInputFunction: Newer.class is compiled for class file version 69, newer than the java21 runtime's 65")
                .anySatisfy(p -> assertThat(p).startsWith("ValidateInputFunction: handler io.cutover.input.ValidateInputHandler "
                        + "cannot be loaded from ValidateInputFunction: java.lang.ClassNotFoundException"));
        assertThat(result.packages()).singleElement().satisfies(p -> {
            assertThat(p.files()).isEqualTo(1);
            assertThat(p.unzippedBytes()).isEqualTo(8);
        });
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
