package io.modulets.runtime.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The requires a plain library jar's embedded Maven metadata names (rule 1): from the
 * {@code META-INF/maven/<group>/<artifact>/pom.xml} whose artifactId is the module's name (a shaded jar carries one
 * pom per library it shades in; if none matches and there is exactly one, that one), the artifactIds of its
 * top-level {@code <project><dependencies>} (not {@code dependencyManagement}, {@code profiles} or {@code build})
 * whose scope is absent, {@code compile} or {@code runtime}, that are not {@code optional}, and that hold no
 * {@code ${...}} placeholder (the raw pom is not interpolated: its parent and properties are not at hand).
 *
 * <p>The pom is untrusted input: it is parsed with no DTD, no external entity and no XInclude. A pom that does not
 * parse gives no requires and a {@linkplain Derived#problem() problem} to report at DEBUG; it never rejects the jar.
 *
 * <p>Pure functions of the bytes; stateless and thread-safe.
 */
final class MavenMetadata {

    private static final Pattern POM_ENTRY = Pattern.compile("META-INF/maven/[^/]+/([^/]+)/pom\\.xml");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private MavenMetadata() {
    }

    /**
     * What the metadata yields.
     *
     * @param requires the artifactIds of the dependencies that count, in pom order, without duplicates
     * @param problem why no pom could be used although there were some, fit for a DEBUG line; null when there is
     *     none (including when the jar has no pom at all)
     */
    record Derived(List<String> requires, String problem) {
        Derived {
            requires = List.copyOf(requires);
        }

        static final Derived NONE = new Derived(List.of(), null);
    }

    /**
     * The derived requires of a validated jar whose identity is {@code identity}: those of its Maven metadata when its
     * manifest has neither {@code Modulet-Name} nor {@code Modulet-Requires} (a plain library, not a module built
     * for Modulets), without its declared requires; else none.
     */
    static Derived derivedRequires(ModuleIdentity identity, JarContents contents) {
        Map<String, String> manifest = contents.manifest();
        if (manifest.containsKey(ModuleIdentity.NAME_HEADER) || manifest.containsKey(ModuleIdentity.REQUIRES_HEADER)) {
            return Derived.NONE;
        }
        Derived derived = requiresOf(identity.name(), contents.poms());
        List<String> requires = new ArrayList<>(derived.requires());
        requires.removeAll(identity.requires());
        return new Derived(requires, derived.problem());
    }

    /** Whether {@code entryName} is the pom of an embedded Maven metadata folder. */
    static boolean isPomEntry(String entryName) {
        return POM_ENTRY.matcher(entryName).matches();
    }

    /**
     * What one pom, the entry {@code entry} of a jar, names: its dependencies that count, or why it does not parse.
     * Read when the jar is validated, so that only this small result is kept, however many poms a shaded jar holds.
     */
    static Derived read(String entry, byte[] pom) {
        try {
            return new Derived(dependencies(parse(pom)), null);
        } catch (SAXException | IOException | RuntimeException e) {
            return new Derived(List.of(), "its Maven pom " + entry + " does not parse (" + e.getMessage()
                    + "): no requires taken from it");
        }
    }

    /**
     * The requires of module {@code module} from {@code poms}, each {@linkplain #read read} and keyed by its entry
     * name ({@code META-INF/maven/<group>/<artifact>/pom.xml}); never null, never with {@code module} itself.
     */
    static Derived requiresOf(String module, Map<String, Derived> poms) {
        TreeMap<String, Derived> sorted = new TreeMap<>(poms);
        String chosen = null;
        for (String entry : sorted.keySet()) {
            var matcher = POM_ENTRY.matcher(entry);
            if (matcher.matches() && matcher.group(1).equals(module)) {
                chosen = entry;
                break;
            }
        }
        if (chosen == null && sorted.size() == 1) {
            chosen = sorted.firstKey();
        }
        if (chosen == null) {
            return sorted.isEmpty() ? Derived.NONE : new Derived(List.of(), "none of its Maven poms " + sorted.keySet()
                    + " is for artifactId '" + module + "': no requires taken from them");
        }
        Derived pom = sorted.get(chosen);
        List<String> requires = new ArrayList<>(pom.requires());
        requires.remove(module);
        return new Derived(requires, pom.problem());
    }

    private static Element parse(byte[] pom) throws SAXException, IOException {
        DocumentBuilder builder;
        try {
            builder = safeFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
        builder.setErrorHandler(new DefaultHandler()); // errors throw; nothing is printed to stderr
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
        });
        return builder.parse(new ByteArrayInputStream(pom)).getDocumentElement();
    }

    /** A factory for untrusted XML: no DTD, no external entity or schema, no XInclude. (Factories are not thread-safe.) */
    private static DocumentBuilderFactory safeFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance(); // the JDK's, whatever the host adds
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        return factory;
    }

    /** The dependencies of {@code <project><dependencies>} that count. */
    private static List<String> dependencies(Element project) {
        List<String> requires = new ArrayList<>();
        if (!"project".equals(nameOf(project))) {
            throw new IllegalArgumentException("its root element is <" + nameOf(project) + ">, not <project>");
        }
        Element dependencies = child(project, "dependencies");
        if (dependencies == null) {
            return requires;
        }
        for (Element dependency : children(dependencies, "dependency")) {
            String artifactId = text(child(dependency, "artifactId"));
            String scope = text(child(dependency, "scope"));
            String optional = text(child(dependency, "optional"));
            boolean counts = artifactId != null && !artifactId.contains("${") && MODULE_NAME.matcher(artifactId).matches()
                    && (scope == null || scope.equals("compile") || scope.equals("runtime"))
                    && !"true".equals(optional);
            if (counts && !requires.contains(artifactId)) {
                requires.add(artifactId);
            }
        }
        return requires;
    }

    private static String nameOf(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(nameOf(element))) {
                found.add(element);
            }
        }
        return found;
    }

    /** The trimmed text of {@code element}, or null if it is absent or blank. */
    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = Objects.requireNonNullElse(element.getTextContent(), "").trim();
        return text.isEmpty() ? null : text;
    }
}
