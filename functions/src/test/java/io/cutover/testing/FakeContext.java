package io.cutover.testing;

import io.cutover.core.handler.LocalContext;

/** A Lambda context for tests (kept for the tests that name it; it is a {@link LocalContext}). */
public final class FakeContext extends LocalContext {
    public FakeContext(String functionName) {
        super(functionName);
    }
}
