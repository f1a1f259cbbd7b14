package io.cutover.local.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The AWS contract suite against LocalStack in a container: only with {@code -Plocalstack} (needs Docker and
 * LOCALSTACK_AUTH_TOKEN; excluded from the default build, which compiles it).
 */
class AwsAdaptersLocalStackIT extends AwsAdaptersContract {
    private static LocalStackBackend localStack;

    @BeforeAll
    static void startLocalStack() {
        localStack = LocalStackBackend.start();
    }

    @AfterAll
    static void stopLocalStack() {
        if (localStack != null) {
            localStack.close();
        }
    }

    @Override
    protected AwsBackend backend() {
        return localStack;
    }
}
