package io.modulets.runtime.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The runtime's ObjectNames: plain values as they are, the others quoted, and every one read back unchanged. */
class ObjectNamesTest {

    @Test
    void module_plainNames_areNotQuoted() {
        assertEquals("io.modulets:type=Module,runtime=orders-2,name=billing.core",
                ObjectNames.module("orders-2", "billing.core").toString());
    }

    @Test
    void value_namesWithSyntaxCharacters_areQuotedAndReadBackUnchanged() throws Exception {
        for (String odd : new String[] {"a,b", "k=v", "x:y", "say \"hi\"", "star*", "what?", "back\\slash", "two\nlines", ""}) {
            ObjectName name = ObjectNames.namespace(odd, odd);

            assertEquals(odd, ObjectName.unquote(name.getKeyProperty("runtime")), odd);
            assertEquals(odd, ObjectName.unquote(name.getKeyProperty("name")), odd);
        }
    }
}
