package io.cutover.local.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cutover.local.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link and image of README.md and docs/*.md points at a file of the repository, and every
 * {@code #anchor} at a heading of its file (GitHub's anchors). Links to other sites are not followed.
 */
class DocLinksTest {
    /** {@code [text](target)} and {@code ![alt](target "title")}; the target has no spaces. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

    @Test
    void everyRelativeLinkAndAnchorResolves() {
        List<Path> files = Markdown.userDocs();
        assertThat(files).contains(Project.root().resolve("README.md"), Project.root().resolve("docs/operations.md"));
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            List<String> found = brokenLinks(Markdown.read(file));
            problems.addAll(found);
            checked += links(Markdown.read(file)).size();
        }
        assertThat(checked).as("links found in the docs").isGreaterThan(50);
        assertThat(problems).as("broken links (file:line: link: why)").isEmpty();
    }

    @Test
    void aMissingFileOrHeadingIsReported() {
        Path readme = Project.root().resolve("README.md");
        Markdown doc = Markdown.parse(readme, """
                # Cutover
                ## The second heading
                [ok](docs/operations.md#preparing-the-source) [ok too](#the-second-heading) [site](https://example.com/x)
                [gone](docs/no-such-file.md) [bad anchor](docs/operations.md#no-such-heading) [self](#nope)
                `[not a link](nowhere.md)`
                ```bash
                echo "[not a link either](nowhere.md)"
                ```
                """);
        assertThat(brokenLinks(doc)).containsExactly(
                "README.md:4: docs/no-such-file.md: no such file",
                "README.md:4: docs/operations.md#no-such-heading: no heading with that anchor in docs/operations.md",
                "README.md:4: #nope: no heading with that anchor in README.md");
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertThat(Markdown.slug("Foreign keys: the cascade problem and Cutover's policy"))
                .isEqualTo("foreign-keys-the-cascade-problem-and-cutovers-policy");
        assertThat(Markdown.slug("`so-no-pk-or-uk` (warning)")).isEqualTo("so-no-pk-or-uk-warning");
        assertThat(Markdown.slug("Replication phase (runbook 3.1–3.5, 4, 5.1)")).isEqualTo("replication-phase-runbook-3135-4-51");
        assertThat(Markdown.slug("CDC lag and \"caught up\"")).isEqualTo("cdc-lag-and-caught-up");
        assertThat(Markdown.parse(Path.of("x.md"), "# A\n## Notes\n### Notes\n```\n# Notes\n```\n").anchors())
                .containsExactly("a", "notes", "notes-1");
    }

    private record Link(Markdown.ProseLine line, String target) {}

    private static List<Link> links(Markdown doc) {
        List<Link> links = new ArrayList<>();
        for (Markdown.ProseLine line : doc.prose()) {
            Matcher m = LINK.matcher(line.text());
            while (m.find()) {
                links.add(new Link(line, m.group(1)));
            }
        }
        return links;
    }

    static List<String> brokenLinks(Markdown doc) {
        List<String> problems = new ArrayList<>();
        Map<Path, Markdown> parsed = new HashMap<>();
        for (Link link : links(doc)) {
            String target = link.target();
            if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                continue; // https:, mailto: …: another site
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path resolved = path.isEmpty() ? doc.file() : doc.file().getParent().resolve(path).normalize();
            String where = link.line().where() + ": " + target + ": ";
            if (!resolved.startsWith(Project.root()) || !Files.exists(resolved)) {
                problems.add(where + "no such file");
                continue;
            }
            if (anchor != null) {
                if (!resolved.toString().endsWith(".md")) {
                    problems.add(where + "an anchor into a file that is not Markdown");
                    continue;
                }
                Markdown targetDoc = resolved.equals(doc.file()) ? doc : parsed.computeIfAbsent(resolved, Markdown::read);
                if (!targetDoc.anchors().contains(anchor)) {
                    problems.add(where + "no heading with that anchor in " + Project.root().relativize(resolved));
                }
            }
        }
        return problems;
    }
}
