package io.cutover.local.docs;

import io.cutover.core.json.Json;
import io.cutover.local.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The committed diagrams of every statemachine/*.asl.json: {@code docs/diagrams/<name>.dot}, {@code .mmd}
 * (Mermaid, rendered by GitHub) and {@code .svg} (Graphviz). The SVG carries the SHA-256 of the DOT it was drawn
 * from, so a test can tell it is current without running Graphviz. Regenerate with {@code local/diagrams}.
 */
public final class DiagramFiles {
    public record Expected(String name, String dot, String mermaid, String dotSha256) {}

    private DiagramFiles() {}

    public static Path directory() {
        return Project.root().resolve("docs/diagrams");
    }

    public static List<Expected> expected() throws IOException {
        try (Stream<Path> files = Files.list(Project.root().resolve("statemachine"))) {
            return files.filter(p -> p.toString().endsWith(".asl.json")).sorted().map(p -> {
                String name = p.getFileName().toString().replace(".asl.json", "");
                try {
                    List<String> rendered = StateMachineDiagram.render(name + " state machine", Json.parse(Files.readString(p)));
                    return new Expected(name, rendered.get(0), rendered.get(1), sha256(rendered.get(0)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    public static String svgMarker(String dotSha256) {
        return "<!-- cutover-diagram-source-sha256: " + dotSha256 + " -->";
    }

    /** Writes the DOT and Mermaid files and draws the SVG with Graphviz's {@code dot}. */
    public static void main(String[] args) throws Exception {
        Files.createDirectories(directory());
        for (Expected e : expected()) {
            Path dotFile = directory().resolve(e.name() + ".dot");
            Files.writeString(dotFile, e.dot());
            Files.writeString(directory().resolve(e.name() + ".mmd"), e.mermaid());
            Process p = new ProcessBuilder("dot", "-Tsvg", dotFile.toString()).redirectErrorStream(false).start();
            String svg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("dot failed (install Graphviz: apt-get install graphviz): " + err);
            }
            int afterXmlDecl = svg.startsWith("<?xml") ? svg.indexOf("?>") + 2 : 0;
            svg = svg.substring(0, afterXmlDecl) + "\n" + svgMarker(e.dotSha256()) + svg.substring(afterXmlDecl);
            Files.writeString(directory().resolve(e.name() + ".svg"), svg);
            System.out.println("wrote docs/diagrams/" + e.name() + ".{dot,mmd,svg}");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
