package io.cutover.local.template;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.cutover.core.handler.TaskHandler;
import io.cutover.core.ports.Ports;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every function's Handler names a class that exists in the functions' sources and that Lambda can run:
 * public, concrete, a RequestStreamHandler or RequestHandler, a public no-arg constructor (Lambda's), the
 * method handleRequest; a TaskHandler also needs its public (Ports) constructor (tests and the rehearsal).
 */
public final class HandlerCheck implements TemplateCheck {
    private final Path sourceRoot;

    /** {@code sourceRoot}: where the handler sources must be (functions/src/main/java for the real template). */
    public HandlerCheck(Path sourceRoot) {
        this.sourceRoot = sourceRoot;
    }

    @Override
    public List<String> problems(SamTemplate template) {
        List<String> problems = new ArrayList<>();
        Object global = template.section("Globals").get("Function") instanceof Map<?, ?> g ? g.get("Handler") : null;
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            Object handler = template.properties(id).getOrDefault("Handler", global);
            if (!(handler instanceof String h) || h.isBlank()) {
                problems.add(id + ": no Handler");
                continue;
            }
            problems.addAll(check(id, h));
        }
        return problems;
    }

    private List<String> check(String id, String handler) {
        String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        String method = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        Path source = sourceRoot.resolve(className.replace('.', '/') + ".java");
        String at = id + ": handler " + className;
        if (!Files.isRegularFile(source)) {
            return List.of(at + " has no source file " + shown(source));
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, HandlerCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return List.of(at + " is not on the classpath (not compiled?)");
        }
        List<String> problems = new ArrayList<>();
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            problems.add(at + " must be a public concrete class");
        }
        if (!RequestStreamHandler.class.isAssignableFrom(type) && !RequestHandler.class.isAssignableFrom(type)) {
            problems.add(at + " implements neither RequestStreamHandler nor RequestHandler");
        }
        if (!method.equals("handleRequest")) {
            problems.add(at + ": method " + method + " is not the handler interface's handleRequest");
        }
        if (!hasPublicConstructor(type)) {
            problems.add(at + " has no public no-arg constructor (Lambda creates the handler with it)");
        }
        if (TaskHandler.class.isAssignableFrom(type) && !hasPublicConstructor(type, Ports.class)) {
            problems.add(at + " has no public (Ports) constructor (tests and the local rehearsal use it)");
        }
        return problems;
    }

    /** The path relative to the project root, so that messages are the same on every machine. */
    private static String shown(Path path) {
        Path root = io.cutover.local.Project.root();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }

    private static boolean hasPublicConstructor(Class<?> type, Class<?>... parameters) {
        try {
            return Modifier.isPublic(type.getConstructor(parameters).getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
