package io.cutover.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.cutover.core.db.Database;
import io.cutover.core.db.Row;
import io.cutover.local.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/development.md ("Package rules"), checked with ArchUnit on the compiled main classes of
 * both modules (functions/target/classes and local/target/classes; tests are not part of the structure).
 *
 * <ul>
 *   <li>the <b>kernel</b>: {@code io.cutover.core..} (configuration, database sessions, the catalogue, the ports and their
 *       AWS and in-memory adapters, errors, the handler base);</li>
 *   <li>a <b>feature</b>: every other package of the functions ({@code io.cutover.precheck..}, {@code io.cutover.schema..},
 *       ...): handlers and the logic they call;</li>
 *   <li>a <b>handler</b>: a concrete Lambda handler class ({@code RequestStreamHandler} or {@code RequestHandler}), with
 *       the types nested in it (its input and result records);</li>
 *   <li><b>local</b>: {@code io.cutover.local..} and {@code io.cutover.bench..} (module local/).</li>
 * </ul>
 */
class PackageRulesTest {
    private static JavaClasses classes;
    /** Feature classes that some handler depends on directly: the logic entry points. */
    private static Set<JavaClass> entryPoints;

    @BeforeAll
    static void importClasses() {
        Path functions = Project.root().resolve("functions/target/classes");
        Path local = Project.root().resolve("local/target/classes");
        if (!Files.isDirectory(functions.resolve("io/cutover")) || !Files.isDirectory(local.resolve("io/cutover"))) {
            throw new IllegalStateException("the compiled classes are missing (" + functions + ", " + local + "): build the "
                    + "reactor (mvn -B -ntp verify), not local/ alone");
        }
        classes = new ClassFileImporter().importPaths(functions, local);
        entryPoints = new HashSet<>();
        for (JavaClass c : classes) {
            if (isHandler(c)) {
                c.getDirectDependenciesFromSelf().stream().map(d -> d.getTargetClass().getBaseComponentType())
                        .filter(PackageRulesTest::isFeature).filter(t -> !isHandler(t)).forEach(entryPoints::add);
            }
        }
    }

    @Test
    void noPackageIsPartOfACycle() {
        check(slices().matching("io.cutover.(**)").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a package that depends on a package that depends on it cannot be read, tested or moved alone"));
    }

    @Test
    void theCoreImportsNoFeatureAndNothingLocal() {
        check(noClasses().that().resideInAPackage("io.cutover.core..")
                .should().dependOnClassesThat(describe("a class of a feature or of local/",
                        c -> c.getPackageName().startsWith("io.cutover.") && !inCore(c)))
                .because("core is the kernel every feature builds on: the ports and their records, the catalogue, "
                        + "sessions, errors and configuration"));
    }

    @Test
    void logicDoesNotDependOnHandlers() {
        check(logicDoesNotKnowHandlers());
    }

    /** The rule held before it was written; it does fail on a logic class that reads a handler's result record. */
    @Test
    void logicDoesNotDependOnHandlersFailsOnLogicThatKnowsAHandler() {
        JavaClasses fixture = new ClassFileImporter().importClasses(io.cutover.schema.LogicThatKnowsAHandler.class);
        assertThat(logicDoesNotKnowHandlers().evaluate(fixture).getFailureReport().getDetails()).isNotEmpty()
                .allSatisfy(d -> assertThat(d).contains("LogicThatKnowsAHandler").contains("CreateTargetSchemaHandler$Result"));
    }

    private static ArchRule logicDoesNotKnowHandlers() {
        return noClasses().that(describe("are functions classes other than handlers", c -> !isHandler(c) && !isLocal(c)))
                .should().dependOnClassesThat(describe("a handler or a type nested in one", PackageRulesTest::isHandler))
                .because("handlers translate between the state machine and the logic: the logic never knows them");
    }

    @Test
    void handlersRunNoSql() {
        check(noClasses().that(describe("are handlers", PackageRulesTest::isHandler))
                .should().callMethodWhere(describeCall("the method is one of a Database session (other than close) or of a Row",
                        PackageRulesTest::isSqlCall))
                .because("a handler reads its input, calls one logic class and returns its result: the queries, and the "
                        + "decisions taken on their answers, live in the logic, where they are unit-tested"));
    }

    @Test
    void handlersUseNoPortThemselves() {
        check(noClasses().that(describe("are handlers", PackageRulesTest::isHandler))
                .should().callMethodWhere(describeCall("the method is one of a port (an interface of io.cutover.core.ports, "
                        + "Ports' own accessors aside)", PackageRulesTest::isPortCall))
                .because("a handler hands the ports to its logic class: what is read, written or started, and in which "
                        + "order, is the step's logic"));
    }

    @Test
    void handlersCallAtMostOneLogicClass() {
        check(classes().that(describe("are handlers", PackageRulesTest::isHandler))
                .should(new ArchCondition<JavaClass>("call at most one logic class of a feature (records, enums, exceptions and "
                        + "the kernel aside)") {
                    @Override
                    public void check(JavaClass handler, ConditionEvents events) {
                        Set<String> logic = new TreeSet<>();
                        handler.getAccessesFromSelf().stream().map(a -> a.getTargetOwner())
                                .filter(t -> isFeature(t) && !isHandler(t) && !isData(t) && !t.isInterface())
                                .forEach(t -> logic.add(topLevel(t).getName()));
                        if (logic.size() > 1) {
                            events.add(SimpleConditionEvent.violated(handler, handler.getName() + " calls " + logic.size()
                                    + " logic classes: " + logic));
                        }
                    }
                })
                .because("a handler reads its input, calls one logic class and returns its result: the steps' order, the "
                        + "decisions and the summary text live in that class"));
    }

    @Test
    void localAdaptersSeeOnlyTheKernel() {
        check(noClasses().that(describe("are local adapters (a class of local/ implementing a port, or of the packages "
                        + "local.dms, local.snapshot, local.artifacts, local.db)", PackageRulesTest::isLocalAdapter))
                .should().dependOnClassesThat(describe("a class of a feature", PackageRulesTest::isFeature))
                .because("a local adapter implements a port of io.cutover.core.ports with the port's own records, as the "
                        + "AWS adapter does"));
    }

    @Test
    void localUsesAFeatureOnlyThroughItsSurface() {
        check(noClasses().that().resideInAPackage("io.cutover.local..")
                .and().resideOutsideOfPackage("io.cutover.local.statemachine..")
                .should().dependOnClassesThat(describe("a feature's internals (a class that is no handler, record, enum or "
                        + "exception, and that no handler calls directly)", PackageRulesTest::isInternal))
                .because("local/ runs the handlers and the logic they call, as the state machine does; a class only the "
                        + "feature's own logic uses may change without notice. (local.statemachine models the state machine's "
                        + "loops for the history budget with the features' own decisions, as the benchmarks time them.)"));
    }

    // --------------------------------------------------------------------------------------------------- definitions

    private static boolean inCore(JavaClass c) {
        return c.getPackageName().equals("io.cutover.core") || c.getPackageName().startsWith("io.cutover.core.");
    }

    private static boolean isLocal(JavaClass c) {
        String p = c.getPackageName();
        return p.equals("io.cutover.local") || p.startsWith("io.cutover.local.") || p.equals("io.cutover.bench")
                || p.startsWith("io.cutover.bench.");
    }

    private static boolean isFeature(JavaClass c) {
        return c.getPackageName().startsWith("io.cutover.") && !inCore(c) && !isLocal(c);
    }

    /** A concrete Lambda handler, or a type nested in one (its input and result records). */
    private static boolean isHandler(JavaClass c) {
        JavaClass top = c;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return (top.isAssignableTo(RequestStreamHandler.class) || top.isAssignableTo(RequestHandler.class))
                && !top.getModifiers().contains(JavaModifier.ABSTRACT) && top.getPackageName().startsWith("io.cutover.");
    }

    private static boolean isSqlCall(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return owner.isAssignableTo(Database.class) && !call.getName().equals("close") || owner.isEquivalentTo(Row.class);
    }

    private static boolean isPortCall(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        return owner.isInterface() && (owner.getPackageName().equals("io.cutover.core.ports")
                || owner.getPackageName().startsWith("io.cutover.core.ports.")) && !owner.getSimpleName().equals("Ports");
    }

    private static boolean isLocalAdapter(JavaClass c) {
        String p = c.getPackageName();
        boolean adapterPackage = p.startsWith("io.cutover.local.dms") || p.startsWith("io.cutover.local.snapshot")
                || p.startsWith("io.cutover.local.artifacts") || p.startsWith("io.cutover.local.db");
        boolean implementsPort = isLocal(c) && c.getAllRawInterfaces().stream()
                .anyMatch(i -> i.getPackageName().equals("io.cutover.core.ports"));
        return adapterPackage || implementsPort;
    }

    /** Data: a record, an enum or an exception, or a type nested in a record or enum. */
    private static boolean isData(JavaClass c) {
        JavaClass base = c.getBaseComponentType();
        return base.isRecord() || base.isEnum() || base.isAssignableTo(Throwable.class)
                || base.getEnclosingClass().map(e -> e.isRecord() || e.isEnum()).orElse(false);
    }

    private static JavaClass topLevel(JavaClass c) {
        JavaClass top = c.getBaseComponentType();
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top;
    }

    private static boolean isInternal(JavaClass c) {
        if (!isFeature(c) || isHandler(c)) {
            return false;
        }
        JavaClass base = c.getBaseComponentType();
        return !isData(c) && !entryPoints.contains(base) && !entryPoints.contains(topLevel(c));
    }

    private static DescribedPredicate<JavaClass> describe(String description, java.util.function.Predicate<JavaClass> p) {
        return DescribedPredicate.describe(description, p);
    }

    private static DescribedPredicate<JavaMethodCall> describeCall(String description, java.util.function.Predicate<JavaMethodCall> p) {
        return DescribedPredicate.describe(description, p);
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
