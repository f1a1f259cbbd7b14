package io.cutover.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (where template.yaml and statemachine/ are). */
public final class Project {
    private Project() {}

    public static Path root() {
        String configured = System.getProperty("cutover.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("statemachine"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the Cutover root (template.yaml + statemachine/) above "
                + Path.of("").toAbsolutePath() + "; set -Dcutover.root=<path>");
    }

    public static Path statemachine(String fileName) {
        return root().resolve("statemachine").resolve(fileName);
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }
}
