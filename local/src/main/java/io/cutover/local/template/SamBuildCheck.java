package io.cutover.local.template;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What {@code sam build} left in its build directory, checked as Lambda will run it. {@code sam deploy} zips each
 * function's {@code CodeUri} directory of the built template ({@code <build>/template.yaml}) as it is; for the java21
 * runtime Lambda puts the directory's root and every {@code lib/*.jar} on the class path
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-package.html). For every function of the built template: the
 * package exists, its {@code Handler} class loads and initialises from that package alone (a class loader whose parent
 * is the platform loader: nothing from this test's class path), it is a {@code RequestStreamHandler} with a public
 * no-arg constructor that runs, and every class Lambda could load from it was compiled for Java 21 or older (class file
 * major version 65). The package must stay under Lambda's 250 MB unzipped limit
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 */
public final class SamBuildCheck {
    /** Lambda's quota for a function's deployment package, unzipped (including layers; Cutover uses none). */
    public static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 250L * 1024 * 1024;
    /** Class file major version of Java 21 (JVMS 4.1): the java21 runtime refuses anything newer. */
    static final int JAVA_21_MAJOR = 65;

    /** One function's package: where it is, how big, what it holds. */
    public record Package(String function, String handler, Path directory, long files, long unzippedBytes, long zippedBytes,
                          String sameAs) {}

    /** The outcome: one entry per function, and every problem found. */
    public record Result(List<Package> packages, List<String> problems) {}

    private final Path buildDir;

    public SamBuildCheck(Path buildDir) {
        this.buildDir = buildDir;
    }

    /** Checks every function of {@code <build>/template.yaml}, and that it builds each function of {@code source}. */
    public Result check(SamTemplate source) {
        List<String> problems = new ArrayList<>();
        Path builtTemplate = buildDir.resolve("template.yaml");
        if (!Files.isRegularFile(builtTemplate)) {
            return new Result(List.of(), List.of("no sam build in " + buildDir + " (" + builtTemplate.getFileName()
                    + " is missing): run `sam build` first"));
        }
        SamTemplate built = SamTemplate.read(builtTemplate);
        List<String> missing = new ArrayList<>(source.resourcesOfType("AWS::Serverless::Function"));
        missing.removeAll(built.resourcesOfType("AWS::Serverless::Function"));
        missing.forEach(id -> problems.add(id + ": in template.yaml but not in the sam build (stale build?)"));

        List<Package> packages = new ArrayList<>();
        Map<String, Package> byContent = new LinkedHashMap<>();
        for (String id : built.resourcesOfType("AWS::Serverless::Function")) {
            if (!(built.properties(id).get("Handler") instanceof String handler)) {
                problems.add(id + ": no Handler in the built template");
                continue;
            }
            Object codeUri = built.properties(id).get("CodeUri");
            if (!(codeUri instanceof String uri) || !Files.isDirectory(buildDir.resolve(uri))) {
                problems.add(id + ": no package directory (CodeUri " + codeUri + ") in " + buildDir);
                continue;
            }
            Path directory = buildDir.resolve(uri);
            problems.addAll(loadHandler(id, handler, directory));
            String fingerprint = fingerprint(directory);
            Package first = byContent.get(fingerprint);
            Package measured;
            if (first == null) {
                problems.addAll(classVersions(id, directory));
                measured = measure(id, handler, directory);
                byContent.put(fingerprint, measured);
            } else {
                measured = new Package(id, handler, directory, first.files(), first.unzippedBytes(),
                        first.zippedBytes(), first.function());
            }
            if (measured.unzippedBytes() >= LAMBDA_UNZIPPED_LIMIT_BYTES) {
                problems.add(id + ": package is " + measured.unzippedBytes() + " bytes unzipped, over Lambda's 250 MB");
            }
            packages.add(measured);
        }
        if (packages.isEmpty() && missing.isEmpty()) {
            problems.add("the sam build in " + buildDir + " has no function");
        }
        return new Result(packages, problems);
    }

    /** Loads, initialises and constructs the handler from the package alone, as Lambda's java21 runtime would. */
    private static List<String> loadHandler(String id, String handler, Path directory) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        String at = id + ": handler " + className;
        try (URLClassLoader loader = new URLClassLoader(classPath(directory), ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName(className, true, loader);
            Class<?> streamHandler = Class.forName("com.amazonaws.services.lambda.runtime.RequestStreamHandler", false, loader);
            Class<?> context = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
            List<String> problems = new ArrayList<>();
            if (!streamHandler.isAssignableFrom(type)) {
                problems.add(at + " is not a RequestStreamHandler of the package's aws-lambda-java-core");
            }
            Method handle = type.getMethod(method, InputStream.class, OutputStream.class, context);
            if (handle.getDeclaringClass().getClassLoader() != loader) {
                problems.add(at + "::" + method + " does not come from the package");
            }
            type.getConstructor().newInstance();
            return problems;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return List.of(at + " cannot be loaded from " + directory.getFileName() + ": " + e);
        } catch (NoSuchMethodException e) {
            return List.of(at + " lacks " + e.getMessage() + " (a public no-arg constructor and handleRequest)");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return List.of(at + " cannot be initialised or constructed from the package: " + cause);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL[] classPath(Path directory) {
        List<URL> urls = new ArrayList<>();
        try {
            for (Path entry : lambdaClassPath(directory)) {
                urls.add(entry.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        return urls.toArray(URL[]::new);
    }

    private static List<Path> jars(Path directory) {
        Path lib = directory.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every class at the package root and in its jars (multi-release versions aside) is for Java 21 or older. */
    private static List<String> classVersions(String id, Path directory) {
        List<String> problems = new ArrayList<>();
        for (Path file : files(directory)) {
            String name = directory.relativize(file).toString();
            if (name.endsWith(".class")) {
                try (InputStream in = Files.newInputStream(file)) {
                    check(id, name, in, problems);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (Path jar : jars(directory)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    // META-INF/versions/N/ is read only by JVMs of version N or newer (JEP 238).
                    if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            check(id, jar.getFileName() + "!/" + entry.getName(), in, problems);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return problems;
    }

    private static void check(String id, String name, InputStream in, List<String> problems) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            problems.add(id + ": " + name + " is not a class file");
            return;
        }
        data.readUnsignedShort(); // minor
        int major = data.readUnsignedShort();
        if (major > JAVA_21_MAJOR) {
            problems.add(id + ": " + name + " is compiled for class file version " + major
                    + ", newer than the java21 runtime's " + JAVA_21_MAJOR);
        }
    }

    /** A package directory's file count, its size on disk and as the zip {@code sam deploy} uploads. */
    public record Sizes(long files, long unzippedBytes, long zippedBytes) {}

    /** Size on disk and as the zip {@code sam deploy} uploads (deflated, as sam's own zip does). */
    public static Sizes sizes(Path directory) {
        long unzipped = 0;
        List<Path> files = files(directory);
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Path file : files) {
                unzipped += Files.size(file);
                zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Sizes(files.size(), unzipped, counter.count);
    }

    /** The class path Lambda's java21 runtime builds for a package: its root, then every {@code lib/*.jar}. */
    public static List<Path> lambdaClassPath(Path directory) {
        List<Path> path = new ArrayList<>();
        path.add(directory);
        path.addAll(jars(directory));
        return path;
    }

    private static Package measure(String id, String handler, Path directory) {
        Sizes sizes = sizes(directory);
        return new Package(id, handler, directory, sizes.files(), sizes.unzippedBytes(), sizes.zippedBytes(), null);
    }

    /** The package's relative paths and sizes: functions built from one CodeUri share it. */
    private static String fingerprint(Path directory) {
        StringBuilder print = new StringBuilder();
        for (Path file : files(directory)) {
            try {
                print.append(directory.relativize(file)).append(' ').append(Files.size(file)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return print.toString();
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
