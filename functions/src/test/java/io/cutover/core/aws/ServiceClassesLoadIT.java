package io.cutover.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Run by failsafe on the class path of the Lambda package (target/classes + the libraries jar that ShrinkLambdaJar
 * wrote; functions/pom.xml, "Package size"): every AWS SDK service class left in the shrunk jar loads, links and
 * initialises from the package alone. Linking verifies each class, which loads the classes its code needs to check
 * types: a class ProGuard removed that a kept one still needs fails here with NoClassDefFoundError.
 */
class ServiceClassesLoadIT {
    private static final String SERVICES = "software/amazon/awssdk/services/";

    @Test
    void everyServiceClassOfTheShrunkJarLoadsAndInitialisesFromThePackageAlone() throws Exception {
        Path libraries = location(RdsClient.class);
        Path classes = location(AwsPorts.class);
        assertThat(libraries.getFileName().toString())
                .as("run by failsafe on the package's class path (mvn verify), not on the unshrunk dependencies")
                .isEqualTo("cutover-functions-libraries.jar");

        List<String> failures = new ArrayList<>();
        int loaded = 0;
        URL[] packageClassPath = {classes.toUri().toURL(), libraries.toUri().toURL()};
        try (URLClassLoader lambda = new URLClassLoader(packageClassPath, ClassLoader.getPlatformClassLoader());
             ZipFile jar = new ZipFile(libraries.toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!name.startsWith(SERVICES) || !name.endsWith(".class")) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                try {
                    Class.forName(className, true, lambda);
                    loaded++;
                } catch (LinkageError | ClassNotFoundException e) {
                    failures.add(className + ": " + e);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(loaded).as("service classes in the libraries jar").isPositive();
    }

    private static Path location(Class<?> type) throws Exception {
        return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
    }
}
