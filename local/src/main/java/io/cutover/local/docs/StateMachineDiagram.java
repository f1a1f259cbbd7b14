package io.cutover.local.docs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws an ASL state machine as Graphviz DOT and as Mermaid, from the file itself, so the diagram in docs/
 * can never drift from what runs (a test compares the committed diagrams with a fresh rendering).
 * Parallel branches and Map processors are drawn as boxes around their states; Catch transitions are dashed.
 */
public final class StateMachineDiagram {
    private record Edge(String from, String to, String label, boolean error) {}

    private final List<String> dot = new ArrayList<>();
    private final List<String> mermaid = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private int clusters;

    private StateMachineDiagram() {}

    /** {@code [dot, mermaid]} for one state machine definition. */
    public static List<String> render(String title, JsonNode machine) {
        StateMachineDiagram d = new StateMachineDiagram();
        d.dot.add("digraph \"" + escapeDot(title) + "\" {");
        d.dot.add("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, labelloc=t, label=\"" + escapeDot(title) + "\"];");
        d.dot.add("  node [fontname=\"Helvetica\", fontsize=10];");
        d.dot.add("  edge [fontname=\"Helvetica\", fontsize=8];");
        d.mermaid.add("flowchart TD");
        d.dot.add("  start [shape=circle, label=\"\", width=0.2, style=filled, fillcolor=black];");
        d.mermaid.add("  start((start))");
        d.edges.add(new Edge("start", machine.path("StartAt").asText(), null, false));
        d.states(machine.path("States"), "  ");
        for (Edge e : d.edges) {
            String a = d.id(e.from()), b = d.id(e.to());
            StringBuilder attrs = new StringBuilder();
            if (e.label() != null) attrs.append("label=\"").append(escapeDot(e.label())).append("\"");
            if (e.error()) attrs.append(attrs.isEmpty() ? "" : ", ").append("style=dashed, color=\"#b03030\", fontcolor=\"#b03030\"");
            d.dot.add("  " + a + " -> " + b + (attrs.isEmpty() ? "" : " [" + attrs + "]") + ";");
            String arrow = e.error() ? " -.->" : " -->";
            d.mermaid.add("  " + a + arrow + (e.label() == null ? " " : "|" + escapeMermaid(e.label()) + "| ") + b);
        }
        d.dot.add("}");
        return List.of(String.join("\n", d.dot) + "\n", String.join("\n", d.mermaid) + "\n");
    }

    private void states(JsonNode states, String indent) {
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            var entry = it.next();
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            String type = state.path("Type").asText();
            switch (type) {
                case "Parallel" -> {
                    node(name, type, indent);
                    int branch = 0;
                    for (JsonNode b : state.path("Branches")) {
                        cluster(name + " / branch " + (++branch), b, indent);
                        edges.add(new Edge(name, b.path("StartAt").asText(), null, false));
                    }
                }
                case "Map" -> {
                    node(name, type, indent);
                    JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
                    cluster(name + " / each item", processor, indent);
                    edges.add(new Edge(name, processor.path("StartAt").asText(), "each item", false));
                }
                default -> node(name, type, indent);
            }
            if (state.hasNonNull("Next")) {
                edges.add(new Edge(name, state.get("Next").asText(), null, false));
            }
            for (JsonNode choice : state.path("Choices")) {
                edges.add(new Edge(name, choice.path("Next").asText(), condition(choice), false));
            }
            if (state.hasNonNull("Default")) {
                edges.add(new Edge(name, state.get("Default").asText(), "otherwise", false));
            }
            for (JsonNode c : state.path("Catch")) {
                List<String> errors = new ArrayList<>();
                c.path("ErrorEquals").forEach(e -> errors.add(shortError(e.asText())));
                edges.add(new Edge(name, c.path("Next").asText(), String.join(", ", errors), true));
            }
        }
    }

    private void cluster(String label, JsonNode machine, String indent) {
        String cid = "cluster_" + (++clusters);
        dot.add(indent + "subgraph " + cid + " {");
        dot.add(indent + "  label=\"" + escapeDot(label) + "\"; style=rounded; color=\"#8899aa\";");
        mermaid.add(indent + "subgraph " + cid + " [\"" + escapeMermaid(label) + "\"]");
        states(machine.path("States"), indent + "  ");
        dot.add(indent + "}");
        mermaid.add(indent + "end");
    }

    private void node(String name, String type, String indent) {
        String id = id(name);
        String shape = switch (type) {
            case "Task" -> "shape=box, style=\"rounded,filled\", fillcolor=\"#eef4fb\"";
            case "Choice" -> "shape=diamond, style=filled, fillcolor=\"#fff7e0\"";
            case "Wait" -> "shape=box, style=\"dashed,rounded\"";
            case "Succeed" -> "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#e2f5e2\"";
            case "Fail" -> "shape=box, style=\"rounded,filled,bold\", fillcolor=\"#fbe4e4\"";
            case "Parallel", "Map" -> "shape=box, style=\"filled\", fillcolor=\"#eeeeee\"";
            default -> "shape=box";
        };
        dot.add(indent + id + " [label=\"" + escapeDot(name) + "\", " + shape + "];");
        String label = escapeMermaid(name);
        mermaid.add(indent + switch (type) {
            case "Choice" -> id + "{\"" + label + "\"}";
            case "Succeed", "Fail" -> id + "([\"" + label + "\"])";
            case "Wait" -> id + "[/\"" + label + "\"/]";
            default -> id + "[\"" + label + "\"]";
        });
    }

    private String id(String name) {
        String id = "s_" + name.replaceAll("[^A-Za-z0-9]+", "_");
        if (name.equals("start")) {
            return "start";
        }
        ids.add(id);
        return id;
    }

    private static String condition(JsonNode choice) {
        for (String op : List.of("NumericGreaterThan", "NumericEquals", "NumericLessThan", "NumericGreaterThanEquals",
                "NumericLessThanEquals", "StringEquals", "BooleanEquals", "IsPresent", "IsNull")) {
            if (choice.has(op)) {
                String var = choice.path("Variable").asText();
                String leaf = var.substring(var.lastIndexOf('.') + 1);
                return leaf + " " + switch (op) {
                    case "NumericGreaterThan" -> "> ";
                    case "NumericLessThan" -> "< ";
                    case "NumericGreaterThanEquals" -> ">= ";
                    case "NumericLessThanEquals" -> "<= ";
                    case "IsPresent" -> "present: ";
                    case "IsNull" -> "null: ";
                    default -> "= ";
                } + choice.get(op).asText();
            }
        }
        if (choice.has("And") || choice.has("Or") || choice.has("Not")) {
            return "condition";
        }
        return null;
    }

    private static String shortError(String error) {
        return error.startsWith("io.cutover.") ? error.substring(error.lastIndexOf('.') + 1) : error;
    }

    private static String escapeDot(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String escapeMermaid(String s) {
        return s.replace("\"", "#quot;").replace("|", "#124;");
    }
}
