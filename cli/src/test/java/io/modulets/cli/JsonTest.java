package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modulets.runtime.jmx.Rows;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's JSON writer, read back by a real parser (Jackson). */
class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void write_textWithEveryCharacterThatNeedsEscaping_parsesBackToTheSameText() throws Exception {
        StringBuilder nasty = new StringBuilder("quote \" backslash \\ slash / tab \t newline \n return \r ");
        for (char c = 0; c < 0x20; c++) {
            nasty.append(c);
        }
        nasty.append(" line separator \u2028 paragraph \u2029 del \u007f é 日本 emoji \uD83D\uDE00");

        String json = Json.write(nasty.toString());

        assertEquals(nasty.toString(), MAPPER.readValue(json, String.class));
        assertEquals(-1, json.indexOf('\n'), "one line: " + json);
    }

    @Test
    void write_recordsMapsListsArraysNumbersBooleansNull_keepTheirShapeAndOrder() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("z", 1);
        value.put("a", List.of(new Rows.ModuleRow("app", "2", "ab12", true, new String[] {"1 in ns-1", "2 in ns-2"})));
        value.put("big", Long.MAX_VALUE);
        value.put("ratio", 0.5);
        value.put("nan", Double.NaN);
        value.put("none", null);
        value.put("flag", false);

        JsonNode node = MAPPER.readTree(Json.write(value));

        assertEquals(List.of("z", "a", "big", "ratio", "nan", "none", "flag"), iterate(node.fieldNames()));
        JsonNode module = node.get("a").get(0);
        assertEquals(List.of("name", "version", "digest", "pinned", "live"), iterate(module.fieldNames()));
        assertEquals("app", module.get("name").asText());
        assertEquals(true, module.get("pinned").asBoolean());
        assertEquals("2 in ns-2", module.get("live").get(1).asText());
        assertEquals(Long.MAX_VALUE, node.get("big").asLong());
        assertEquals(0.5, node.get("ratio").asDouble());
        assertEquals(true, node.get("nan").isNull());
        assertEquals(true, node.get("none").isNull());
        assertEquals("[]", Json.write(List.of()));
        assertEquals("{}", Json.write(Map.of()));
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        String[] all = new String[0];
        while (names.hasNext()) {
            all = Arrays.copyOf(all, all.length + 1);
            all[all.length - 1] = names.next();
        }
        return List.of(all);
    }
}
