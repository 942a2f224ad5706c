package io.modulets.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The CLI needs nothing of the runtime but its public JMX contract ({@code io.modulets.runtime.jmx}: the MXBean
 * interfaces, their rows, the process file), so what it sends and receives is only what any JMX client sees.
 */
class CliDependenciesTest {

    @Test
    void cliClasses_useOfModulets_onlyTheJmxContract() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modulets.cli");
        Set<String> used = new TreeSet<>();
        for (var javaClass : classes) {
            for (Dependency d : javaClass.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith("io.modulets.") && !target.equals("io.modulets.cli")) {
                    used.add(target);
                }
            }
        }
        assertEquals(Set.of("io.modulets.runtime.jmx"), used);
    }
}
