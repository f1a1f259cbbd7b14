package io.cutover.local.docs;

import io.cutover.local.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Just enough of a Markdown reader for the documentation tests: fenced code blocks (with their info string and
 * line numbers), the prose outside them (inline code spans kept apart), ATX headings and their GitHub anchors.
 */
final class Markdown {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)?.*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");

    /** A fenced code block: its info string (language), its lines, and the file line of its first content line. */
    record CodeBlock(Path file, String info, int firstLine, List<String> lines) {
        String where(int index) {
            return Project.root().relativize(file) + ":" + (firstLine + index);
        }
    }

    /** A line of prose (outside code blocks): its text with inline code spans removed, and those spans. */
    record ProseLine(Path file, int number, String text, List<String> inlineCode) {
        String where() {
            return Project.root().relativize(file) + ":" + number;
        }
    }

    private final Path file;
    private final List<CodeBlock> blocks = new ArrayList<>();
    private final List<ProseLine> prose = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();

    private Markdown(Path file, List<String> lines) {
        this.file = file;
        String fence = null;
        String info = null;
        int start = 0;
        List<String> content = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (fence == null && f.matches()) {
                fence = f.group(1);
                info = f.group(2) == null ? "" : f.group(2).toLowerCase(Locale.ROOT);
                start = i + 2;
                content = new ArrayList<>();
            } else if (fence != null) {
                String trimmed = line.strip();
                char fenceChar = fence.charAt(0);
                if (trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == fenceChar)) {
                    blocks.add(new CodeBlock(file, info, start, List.copyOf(content)));
                    fence = null;
                } else {
                    content.add(line);
                }
            } else {
                List<String> spans = new ArrayList<>();
                Matcher code = INLINE_CODE.matcher(line);
                StringBuilder text = new StringBuilder();
                while (code.find()) {
                    spans.add(code.group(2).strip());
                    code.appendReplacement(text, " ");
                }
                code.appendTail(text);
                prose.add(new ProseLine(file, i + 1, text.toString(), spans));
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    headings.add(h.group(2));
                }
            }
        }
        if (fence != null) {
            throw new IllegalStateException(file + ": a code block opened at line " + (start - 1) + " is never closed");
        }
    }

    static Markdown read(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Markdown parse(Path file, String text) {
        return new Markdown(file, text.lines().toList());
    }

    /** README.md and every docs/*.md: the documentation a user reads. */
    static List<Path> userDocs() {
        List<Path> files = new ArrayList<>();
        files.add(Project.root().resolve("README.md"));
        try (Stream<Path> docs = Files.list(Project.root().resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    Path file() {
        return file;
    }

    List<CodeBlock> codeBlocks() {
        return blocks;
    }

    List<ProseLine> prose() {
        return prose;
    }

    /** The anchors GitHub gives this file's headings ({@code #the-heading}), duplicates numbered as GitHub does. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings) {
            String slug = slug(heading);
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: the heading's text (inline code and emphasis markers and link targets dropped), lower
     * case, every character that is not a letter, a digit, a mark, an underscore, a hyphen or a space removed,
     * spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        text = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                slug.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '-'
                    || Character.getType(c) == Character.NON_SPACING_MARK || Character.getType(c) == Character.COMBINING_SPACING_MARK) {
                slug.appendCodePoint(c);
            }
        });
        return slug.toString();
    }
}
