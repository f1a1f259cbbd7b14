import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import proguard.Configuration;
import proguard.ConfigurationParser;
import proguard.ProGuard;

/**
 * Build step of functions/pom.xml (package phase, after the shade plugin), run as a single-file source program with
 * ProGuard on its class path. It makes the Lambda jar smaller by removing only code of the AWS SDK's service modules
 * (software/amazon/awssdk/services/**) that Cutover can never reach; every other entry of the jar stays byte for byte.
 *
 * <p>Why only there: each service module holds the request, response and shape classes of every operation of its
 * service (RDS alone ~5 MB zipped) and its client class has one method per operation, so a class-level cut is
 * impossible (verifying the client would load every request class); ProGuard removes the client methods Cutover never
 * calls, and the classes only they reached. The service modules load nothing by reflection that ProGuard cannot see
 * (no Class.forName, no ServiceLoader; their interceptors are wired in code), except enum constants, which the SDK
 * reads through Class.getEnumConstants (kept below). Everything else (Jackson, Log4j, MySQL Connector/J, the SDK core)
 * works by reflection and is not touched.
 *
 * <p>Steps: (1) ProGuard (shrinking only: no optimisation, no renaming) over Cutover's classes plus the service
 * modules, the rest of the jar and the JDK as libraries. ProGuard keeps any interface whose default method overrides
 * a used one, and with it every request class its builders reach, so (2) the service classes reachable from the rest
 * of the jar are computed from the constant pools of that shrunk output; (3) ProGuard runs again over Cutover's
 * classes and exactly those service classes, with every class file attribute kept; (4) the jar is rewritten with the
 * service classes of (3) in place of the originals; (5) the jar minus the entries of target/classes is written as the
 * one library jar of the `sam build` package (functions/pom.xml says how sam picks it up).
 *
 * <p>Arguments: lambda-jar classes-dir work-dir libraries-jar.
 */
public final class ShrinkLambdaJar {
    static final String SERVICES = "software/amazon/awssdk/services/";
    static final String OURS = "io/cutover/";
    /** JDK modules whose classes the shrunk code and its libraries extend or call (the class hierarchy ProGuard needs). */
    static final List<String> JDK_MODULES = List.of("java.base", "java.logging", "java.management", "java.naming",
            "java.net.http", "java.sql", "java.xml");
    static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([^;<>\\[]+)[;<]");
    static final Pattern RESOURCE_CLASS_NAME = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.[\\w.$]+");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path classes = Path.of(args[1]).toAbsolutePath();
        Path work = Files.createDirectories(Path.of(args[2]).toAbsolutePath());
        Path libraries = Path.of(args[3]).toAbsolutePath();
        long before = Files.size(jar);

        List<Path> jdk = extractJdk(work.resolve("jdk"));
        Path pass1 = work.resolve("pass1.jar");
        proguard(work, List.of(
                "-injars", jar + "(" + OURS + "**.class," + SERVICES + "**.class)",
                "-outjars", pass1.toString(),
                // renaming step on, with every name kept: that is the step which compacts the constant pools (and
                // drops InnerClasses, whose entries name classes that are not used), so that step 2 reads real references
                "-keepnames", "class", "**", "{", "*;", "}",
                "-keepattributes", "!InnerClasses,*"), jar, jdk);

        Set<String> reachable = reachableServiceClasses(jar, pass1);

        Path program = work.resolve("program.jar");
        copyEntries(jar, program, name -> name.endsWith(".class")
                && (name.startsWith(OURS) || reachable.contains(name.substring(0, name.length() - ".class".length()))));
        Path pass2 = work.resolve("pass2.jar");
        proguard(work, List.of(
                "-injars", program.toString(),
                "-outjars", pass2.toString(),
                "-dontobfuscate"), jar, jdk);

        Map<String, byte[]> shrunk = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(pass2.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.getName().startsWith(SERVICES) && e.getName().endsWith(".class")) {
                    shrunk.put(e.getName(), z.getInputStream(e).readAllBytes());
                }
            }
        }
        Path rewritten = work.resolve("lambda.jar");
        rewrite(jar, rewritten, shrunk);
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);

        Set<String> ours = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile).forEach(f -> ours.add(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        }
        Files.createDirectories(libraries.getParent());
        copyEntries(jar, libraries, name -> !ours.contains(name));
        System.out.printf("ShrinkLambdaJar: %s %.1f MB -> %.1f MB (AWS SDK service classes kept: %d); sam build library jar %s %.1f MB%n",
                jar.getFileName(), before / 1e6, Files.size(jar) / 1e6, shrunk.size(), libraries.getFileName(), Files.size(libraries) / 1e6);
    }

    /** One ProGuard run: shrinking only, Cutover's classes and the SDK's interceptors kept whole. */
    static void proguard(Path work, List<String> specific, Path jar, List<Path> jdk) throws Exception {
        List<String> args = new ArrayList<>(specific);
        args.addAll(List.of(
                "-libraryjars", jar + "(!" + OURS + "**,!" + SERVICES + "**,!META-INF/versions/**)",
                "-dontoptimize",
                "-keep", "class", "io.cutover.**", "{", "*;", "}",
                "-keep", "class", "*", "implements", "software.amazon.awssdk.core.interceptor.ExecutionInterceptor", "{", "*;", "}",
                // software.amazon.awssdk.utils.EnumUtils reads enum constants through Class.getEnumConstants (reflection)
                "-keepclassmembers", "enum", "*", "{", "public", "static", "**[]", "values();",
                "public", "static", "**", "valueOf(java.lang.String);", "}",
                // references that do not resolve are the same as in the unshrunk jar (optional dependencies of libraries)
                "-dontwarn", "-dontnote", "-ignorewarnings"));
        for (Path module : jdk) {
            args.addAll(List.of("-libraryjars", module + "(!module-info.class)"));
        }
        Configuration configuration = new Configuration();
        new ConfigurationParser(args.toArray(String[]::new), work.toFile(), new Properties()).parse(configuration);
        new ProGuard(configuration).execute();
    }

    /**
     * The JDK's classes as ProGuard reads them: JDKs built with run-time image linking (JEP 493, Temurin 24+) have no
     * jmods directory, so they are copied from the jrt file system of the running JDK (kept between builds).
     */
    static List<Path> extractJdk(Path dir) throws IOException {
        Path marker = dir.resolve("java.version");
        String version = System.getProperty("java.version");
        List<Path> modules = JDK_MODULES.stream().map(dir::resolve).toList();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(version)) {
            return modules;
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String module : JDK_MODULES) {
            Path from = jrt.getPath("modules", module);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    Path to = dir.resolve(module).resolve(from.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(marker, version);
        return modules;
    }

    /** Service classes reachable from every other class of the jar (and from class names in its resources). */
    static Set<String> reachableServiceClasses(Path jar, Path shrunkJar) throws IOException {
        Map<String, byte[]> services = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(shrunkJar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.getName().startsWith(SERVICES) && e.getName().endsWith(".class")) {
                    services.put(e.getName().substring(0, e.getName().length() - ".class".length()), z.getInputStream(e).readAllBytes());
                }
            }
        }
        Set<String> reached = new TreeSet<>();
        Deque<String> work = new ArrayDeque<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                String name = e.getName();
                if (e.isDirectory() || name.startsWith(SERVICES) && name.endsWith(".class")) {
                    continue;
                }
                Set<String> names = new HashSet<>();
                if (name.endsWith(".class") && !name.startsWith("META-INF/versions/")) {
                    names.addAll(referencedClasses(z.getInputStream(e).readAllBytes()));
                } else if (name.startsWith("META-INF/services/") || name.endsWith(".interceptors")) {
                    Matcher m = RESOURCE_CLASS_NAME.matcher(new String(z.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.add(m.group().replace('.', '/'));
                    }
                }
                for (String n : names) {
                    if (services.containsKey(n) && reached.add(n)) {
                        work.add(n);
                    }
                }
            }
        }
        while (!work.isEmpty()) {
            for (String n : referencedClasses(services.get(work.pop()))) {
                if (services.containsKey(n) && reached.add(n)) {
                    work.add(n);
                }
            }
        }
        return reached;
    }

    /**
     * Every class a class file names in its constant pool: class entries and the class names inside descriptors and
     * signatures (a superset of what the JVM can load on its behalf; JVMS 4.4).
     */
    static Set<String> referencedClasses(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        Set<String> names = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                names.add(utf8[classNameIndex[i]].replaceFirst("^\\[+L?", "").replaceFirst(";$", ""));
            }
            if (utf8[i] != null) {
                Matcher m = DESCRIPTOR_CLASS.matcher(utf8[i]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    interface NameFilter {
        boolean keep(String name);
    }

    static void copyEntries(Path from, Path to, NameFilter filter) throws IOException {
        try (ZipFile z = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (filter.keep(e.getName())) {
                    copy(z, e, out, null);
                }
            }
        }
    }

    /** The jar with the service classes replaced by {@code shrunk}: other entries in their order, as they were. */
    static void rewrite(Path from, Path to, Map<String, byte[]> shrunk) throws IOException {
        try (ZipFile z = new ZipFile(from.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                String name = e.getName();
                if (name.startsWith(SERVICES) && name.endsWith(".class")) {
                    if (shrunk.containsKey(name)) {
                        copy(z, e, out, shrunk.get(name));
                    }
                } else {
                    copy(z, e, out, null);
                }
            }
        }
    }

    static void copy(ZipFile z, ZipEntry e, ZipOutputStream out, byte[] replacement) {
        try {
            ZipEntry copy = new ZipEntry(e.getName());
            copy.setTime(e.getTime());
            out.putNextEntry(copy);
            if (replacement != null) {
                out.write(replacement);
            } else if (!e.isDirectory()) {
                try (InputStream in = z.getInputStream(e)) {
                    in.transferTo(out);
                }
            }
            out.closeEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ShrinkLambdaJar() {}
}
