package io.cutover.core.json;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/** Checks a result before it is written: no {@link NonNull} record component is null, in the result or in what it holds. */
public final class NonNullCheck {
    private NonNullCheck() {}

    /** @throws IllegalStateException naming the first {@link NonNull} component that is null */
    public static void verify(Object value) {
        verify(value, value == null ? "result" : value.getClass().getSimpleName());
    }

    private static void verify(Object value, String where) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                verify(item, where + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> verify(v, where + "[" + k + "]"));
            return;
        }
        if (!value.getClass().isRecord()) {
            return;
        }
        for (RecordComponent c : value.getClass().getRecordComponents()) {
            Object v;
            try {
                java.lang.reflect.Method accessor = c.getAccessor();
                accessor.trySetAccessible(); // a record nested in a package-private class
                v = accessor.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + where + "." + c.getName(), e);
            }
            if (v == null && c.isAnnotationPresent(NonNull.class)) {
                throw new IllegalStateException(where + "." + c.getName() + " is null, but the state machine reads it "
                        + "(a bug in the handler: the result is refused rather than fail the execution where no Catch runs)");
            }
            verify(v, where + "." + c.getName());
        }
    }
}
