package io.cutover.local.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation / SAM template, turning the short-form intrinsic tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, …) into their long form ({@code {"Ref": …}}, {@code {"Fn::GetAtt": [res, attr]}}, …), so the
 * result is the same plain tree that JSON templates give.
 */
public final class CloudFormationYaml {
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join",
            "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString");

    private CloudFormationYaml() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object tree = new Yaml(new Constructor()).load(reader);
            if (!(tree instanceof Map)) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            return (Map<String, Object>) tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(new LoaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String fn : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        Object value(Node node) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            if (node instanceof SequenceNode seq) {
                List<Object> list = new ArrayList<>();
                for (Node child : seq.getValue()) {
                    list.add(constructObject(child));
                }
                return list;
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            for (var tuple : ((MappingNode) node).getValue()) {
                map.put(constructObject(tuple.getKeyNode()), constructObject(tuple.getValueNode()));
            }
            return map;
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put(name, value(node));
                return result;
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object v = value(node);
                if (v instanceof String s) {
                    int dot = s.indexOf('.');
                    v = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("Fn::GetAtt", v);
                return result;
            }
        }
    }
}
