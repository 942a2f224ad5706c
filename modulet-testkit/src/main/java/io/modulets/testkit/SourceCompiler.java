package io.modulets.testkit;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java source held in strings to class bytes in memory, with {@code javax.tools}. Results are
 * cached by their input, so a test that builds the same module twice compiles it once. Thread-safe.
 */
final class SourceCompiler {

    private static final Map<String, Map<String, byte[]>> CACHE = new ConcurrentHashMap<>();

    private SourceCompiler() {
    }

    /** Binary class name -> class bytes for every class the sources define (nested classes included). */
    static Map<String, byte[]> compile(Map<String, String> sources, List<Path> extraClasspath) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        String classpath = classpath(extraClasspath);
        String key = classpath + '\u0000' + sources;
        return CACHE.computeIfAbsent(key, k -> doCompile(sources, classpath));
    }

    private static Map<String, byte[]> doCompile(Map<String, String> sources, String classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): run on a JDK, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, null);
        Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(uri("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return out.computeIfAbsent(className, c -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SimpleJavaFileObject(
                uri("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }));
        StringWriter messages = new StringWriter();
        List<String> options = List.of("-classpath", classpath, "-proc:none", "-Xlint:none", "-nowarn");
        boolean ok = compiler.getTask(messages, manager, diagnostics, options, null, units).call();
        if (!ok) {
            throw new IllegalArgumentException("module sources do not compile: " + diagnostics.getDiagnostics() + messages);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
        return Map.copyOf(classes);
    }

    /** This JVM's class path, the platform layer's jars found by class, and the extra jars. */
    private static String classpath(List<Path> extra) {
        Set<String> entries = new LinkedHashSet<>();
        for (Path p : extra) {
            entries.add(p.toAbsolutePath().toString());
        }
        for (String className : List.of("io.modulets.api.Job", "io.modulets.supervisor.Supervisor",
                "io.smallrye.mutiny.Uni", "org.jboss.logging.Logger")) {
            locationOf(className).ifPresent(entries::add);
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static java.util.Optional<String> locationOf(String className) {
        try {
            CodeSource source = Class.forName(className, false, SourceCompiler.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Path.of(source.getLocation().toURI()).toString());
        } catch (ClassNotFoundException | URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty(); // not on this class path: nothing to add
        }
    }

    private static URI uri(String text) {
        return URI.create(text);
    }
}
