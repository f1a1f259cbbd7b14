package io.cutover.precheck.framework;

import java.util.function.Supplier;

/**
 * Something several checks of a group need (the variables, the replica status), read once on first use. If
 * reading it fails, every check that asks for it fails the same way, so each one reports "could not check"
 * with the same reason instead of the group failing as a whole.
 */
public final class Fact<T> implements Supplier<T> {
    private final Supplier<T> reader;
    private boolean read;
    private T value;
    private RuntimeException failure;

    private Fact(Supplier<T> reader) {
        this.reader = reader;
    }

    public static <T> Fact<T> of(Supplier<T> reader) {
        return new Fact<>(reader);
    }

    @Override
    public T get() {
        if (!read) {
            read = true;
            try {
                value = reader.get();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
