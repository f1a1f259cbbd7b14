package io.cutover.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs inside a fresh JVM whose class path is the Lambda package (plus this class): constructs a handler through
 * its no-arg constructor, as Lambda does, and invokes it twice. Prints one JSON line. Uses nothing outside the JDK
 * and the package.
 */
public final class ColdStartProbe {
    public static void main(String[] args) throws Exception {
        long mainEntered = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        byte[] payload = Files.readAllBytes(Path.of(args[1]));

        long t0 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long t1 = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
        long t2 = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
        long t3 = System.nanoTime();

        System.err.printf("{\"jvmToMainMs\":%d,\"constructMs\":%.1f,\"firstInvokeMs\":%.1f,\"secondInvokeMs\":%.1f}%n",
                mainEntered - jvmStart, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
}
