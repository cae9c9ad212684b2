package co.usdcop.gate.config;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * A value read from a YAML file together with its file name and path, so that every validation error can say
 * exactly where it is ("config/promotion.yaml: stages.production.thresholds.min_trades: must be >= 0, got -1").
 */
public record YamlNode(String file, String path, Object value) {

    public boolean isMissing() {
        return value == null;
    }

    public YamlNode get(String key) {
        Map<?, ?> map = map();
        return new YamlNode(file, child(key), map.get(key));
    }

    /** A required child: missing is an error. */
    public YamlNode req(String key) {
        YamlNode node = get(key);
        if (node.isMissing()) {
            throw new ConfigException(file, node.path, "is required but missing");
        }
        return node;
    }

    public Map<?, ?> map() {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw fail("must be a mapping (key: value), got " + describe());
    }

    public List<YamlNode> list() {
        if (!(value instanceof List<?> items)) {
            throw fail("must be a list, got " + describe());
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlNode(file, path + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    public String str() {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw fail("must be a non-empty text, got " + describe());
    }

    public String str(String fallback) {
        return isMissing() ? fallback : str();
    }

    public double dbl() {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw fail("must be a number, got " + describe());
    }

    public double dbl(DoublePredicate rule, String ruleText) {
        double d = dbl();
        if (!rule.test(d)) {
            throw fail("must be " + ruleText + ", got " + d);
        }
        return d;
    }

    public int integer() {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).intValue();
        }
        throw fail("must be a whole number, got " + describe());
    }

    public int integer(int min, int max) {
        int i = integer();
        if (i < min || i > max) {
            throw fail("must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    public boolean bool() {
        if (value instanceof Boolean b) {
            return b;
        }
        throw fail("must be true or false, got " + describe());
    }

    public LocalDate date() {
        if (value instanceof Date d) {
            return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        try {
            return LocalDate.parse(str());
        } catch (DateTimeParseException e) {
            throw fail("must be a date YYYY-MM-DD, got " + describe());
        }
    }

    public LocalTime time() {
        try {
            return LocalTime.parse(str());
        } catch (DateTimeParseException e) {
            throw fail("must be a time HH:MM, got " + describe());
        }
    }

    public <E extends Enum<E>> E enumValue(Class<E> type) {
        String text = str();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw fail("unknown value '" + text + "'; expected one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase());
    }

    public ConfigException fail(String problem) {
        return new ConfigException(file, path, problem);
    }

    /** The last segment of the path: the key this node is stored under. */
    public String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String describe() {
        if (value == null) {
            return "nothing";
        }
        String type = value instanceof Map ? "a mapping" : value instanceof List ? "a list"
                : value instanceof String ? "text" : value instanceof Number ? "a number" : value.getClass().getSimpleName();
        String shown = value instanceof Map || value instanceof List ? "" : " '" + value + "'";
        return type + shown;
    }
}
