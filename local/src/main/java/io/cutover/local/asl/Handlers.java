package io.cutover.local.asl;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cutover.core.handler.LambdaInvocation;
import io.cutover.core.ports.Ports;
import java.lang.reflect.InvocationTargetException;

/** Turns real Lambda handlers into local functions, invoked exactly as Lambda would (bytes in, bytes out). */
public final class Handlers {
    private Handlers() {}

    public static FunctionInvoker invoker(RequestStreamHandler handler, String functionName) {
        return payload -> LambdaInvocation.invoke(handler, functionName, payload);
    }

    /** Instantiates a handler class through its {@code (Ports)} constructor (the one tests and the rehearsal use). */
    public static RequestStreamHandler instantiate(String className, Ports ports) {
        try {
            Class<?> type = Class.forName(className);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(className + " is not a RequestStreamHandler");
            }
            return (RequestStreamHandler) type.getConstructor(Ports.class).newInstance(ports);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("handler class " + className + " does not exist", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(className + " has no public (Ports) constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructing " + className + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + className, e);
        }
    }
}
