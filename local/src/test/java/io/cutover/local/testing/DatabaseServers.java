package io.cutover.local.testing;

import io.cutover.local.db.DatabasePair;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: starts the source and target MariaDB servers (in parallel, on free ports, with real users)
 * once for the whole test run, shares them between test classes, and stops them when the run ends, also when a
 * test fails. Use it with {@code @ExtendWith(DatabaseServers.class)} and a {@link TestDatabases} parameter.
 *
 * <p>The servers are shared: a test works in schemas of its own ({@link TestDatabases#newSchema}) and must not
 * change global settings; a test that must (read_only, binlog options) starts servers of its own with
 * {@link TestDatabases#startPrivatePair}.
 */
public final class DatabaseServers implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseServers.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        shared(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabases.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return shared(context);
    }

    private static TestDatabases shared(ExtensionContext context) {
        // The root store outlives every test class; JUnit closes its resources when the run ends.
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("pair",
                key -> new TestDatabases(DatabasePair.start(DatabasePair.newBaseDir())), TestDatabases.class);
    }
}
