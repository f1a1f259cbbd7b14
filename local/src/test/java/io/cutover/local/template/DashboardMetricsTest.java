package io.cutover.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cutover.core.json.Json;
import io.cutover.core.ports.CutoverMetrics;
import io.cutover.local.Project;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every Cutover metric template.yaml's dashboard graphs is one the functions publish ({@link CutoverMetrics}), in
 * the namespace the functions publish to and with the dimensions they publish: a graph of a metric nobody
 * publishes stays empty on the night of the cutover, and nothing else would say so.
 */
class DashboardMetricsTest {
    /** {@code SEARCH('{Namespace,Dim1,…} MetricName="Name"', …)} as the dashboard's expressions write it. */
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)\\}[^']*?MetricName=\"([^\"]+)\"");

    private record Graphed(String namespace, List<String> dimensions, String metric) {}

    private static SamTemplate template;
    private static List<Graphed> graphed;

    @BeforeAll
    static void read() {
        template = SamTemplate.read(Project.template());
        graphed = graphed(dashboardBody(template));
    }

    @SuppressWarnings("unchecked")
    static JsonNode dashboardBody(SamTemplate template) {
        Object body = template.properties("CutoverDashboard").get("DashboardBody");
        // !Sub with a plain string: the ${…} placeholders all sit inside JSON strings, so the text parses as is
        String text = body instanceof Map<?, ?> sub ? (String) ((Map<String, Object>) sub).get("Fn::Sub") : (String) body;
        return Json.parse(text);
    }

    /** Each metric of each metric widget: SEARCH expressions and [namespace, name, dim, value, …] rows ("." = as above). */
    static List<Graphed> graphed(JsonNode body) {
        List<Graphed> all = new ArrayList<>();
        for (JsonNode widget : body.path("widgets")) {
            if (!"metric".equals(widget.path("type").asText())) continue;
            List<String> previous = List.of();
            for (JsonNode row : widget.path("properties").path("metrics")) {
                List<String> plain = new ArrayList<>();
                for (JsonNode item : row) {
                    if (item.has("expression")) {
                        Matcher m = SEARCH.matcher(item.path("expression").asText());
                        while (m.find()) {
                            List<String> schema = Stream.of(m.group(1).split(",")).map(String::trim).toList();
                            all.add(new Graphed(schema.get(0), schema.subList(1, schema.size()), m.group(2)));
                        }
                    } else if (item.isTextual()) {
                        plain.add(item.asText());
                    }
                }
                if (plain.size() >= 2) {
                    List<String> resolved = new ArrayList<>();
                    for (int i = 0; i < plain.size(); i++) {
                        resolved.add(".".equals(plain.get(i)) && i < previous.size() ? previous.get(i) : plain.get(i));
                    }
                    List<String> dimensions = new ArrayList<>();
                    for (int i = 2; i < resolved.size(); i += 2) dimensions.add(resolved.get(i));
                    all.add(new Graphed(resolved.get(0), dimensions, resolved.get(1)));
                    previous = resolved;
                }
            }
        }
        return all;
    }

    @Test
    void theDashboardGraphsCutoversLagAndValidationMetrics() {
        assertThat(graphed).extracting(Graphed::metric).contains(CutoverMetrics.CDC_LAG_SECONDS,
                CutoverMetrics.VALIDATION_TABLES_MATCHED, CutoverMetrics.VALIDATION_TABLES_MISMATCHED);
    }

    @Test
    void everyCutoverMetricGraphedIsPublishedUnderTheSameNamespaceAndDimensions() {
        List<Graphed> ours = graphed.stream().filter(g -> !g.namespace().startsWith("AWS/")).toList();
        assertThat(ours).isNotEmpty().allSatisfy(g -> {
            assertThat(g.namespace()).as(g.metric()).isEqualTo(CutoverMetrics.NAMESPACE);
            assertThat(g.dimensions()).as(g.metric()).containsExactly(CutoverMetrics.DIMENSION);
            assertThat(CutoverMetrics.PUBLISHED).as(g.metric() + " is graphed but not in CutoverMetrics.PUBLISHED").contains(g.metric());
        });
    }

    @SuppressWarnings("unchecked")
    @Test
    void theFunctionsPublishToTheNamespaceTheDashboardReads() {
        Map<String, Object> function = (Map<String, Object>) template.section("Globals").get("Function");
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
        assertThat(variables).containsEntry("POWERTOOLS_METRICS_NAMESPACE", CutoverMetrics.NAMESPACE);
    }

    /** PUBLISHED is a claim: each name's constant must be used by the code outside CutoverMetrics. */
    @Test
    void everyPublishedMetricIsPublishedByTheFunctions() throws IllegalAccessException {
        Path sources = Project.root().resolve("functions/src/main/java");
        String code = mainSourcesExcept(sources, "CutoverMetrics.java");
        for (Field f : CutoverMetrics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && CutoverMetrics.PUBLISHED.contains((String) f.get(null))) {
                assertThat(code).as("CutoverMetrics." + f.getName() + " is listed as published but no function uses it")
                        .contains("CutoverMetrics." + f.getName());
            }
        }
    }

    private static String mainSourcesExcept(Path root, String excluded) {
        try (Stream<Path> files = Files.walk(root)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals(excluded)).toList()) {
                all.append(Files.readString(p)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
