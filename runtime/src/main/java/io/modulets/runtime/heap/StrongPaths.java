package io.modulets.runtime.heap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The shortest strong path from a GC root to one node, by breadth-first search over a {@link HeapGraph}, with
 * one parent number per node and one queue: two int arrays of the dump's object count.
 *
 * <p>Roots are every ROOT_* record of the dump, and also every class of the JVM's built-in loaders (boot,
 * platform, application): such a class lives as long as the JVM, and a path that begins at its static says what
 * holds the loader, where the chain {@code ClassLoader.scl -> ... -> ClassLoader.classes} that keeps the class
 * alive would not. Classes of any other loader (a module's, or one a module made) are reached like any object,
 * so a path through them shows what holds their loader in turn.
 */
final class StrongPaths {

    /** A root kind of our own: a class of a built-in loader. */
    static final int BUILT_IN_CLASS = 0x100;

    private static final int UNSEEN = Integer.MIN_VALUE;

    private final HeapGraph graph;
    private final HeapIndex index;
    private final List<HeapIndex.Root> roots;

    StrongPaths(HeapGraph graph) {
        this.graph = graph;
        this.index = graph.index();
        this.roots = new ArrayList<>(index.roots);
        for (HeapIndex.ClassDump c : index.classes) {
            if (c.loaderId() != 0 && isBuiltIn(c.loaderId())) {
                roots.add(new HeapIndex.Root(BUILT_IN_CLASS, c.id(), -1, -1));
            }
        }
    }

    private boolean isBuiltIn(long loaderId) {
        int node = index.nodes.get(loaderId);
        return node != IdMap.ABSENT && index.className(index.classIdOf(node)).startsWith("jdk.internal.loader.ClassLoaders$");
    }

    /**
     * The steps from a root to {@code target}, the first naming the root (see {@link RootNames}); empty if no
     * strong path reaches it.
     *
     * @throws IOException if the dump cannot be read again for a thread's name
     */
    Optional<List<String>> to(int target) throws IOException {
        int[] parent = new int[index.nodeCount()];
        Arrays.fill(parent, UNSEEN);
        int[] queue = new int[index.nodeCount()];
        int tail = 0;
        for (int i = 0; i < roots.size(); i++) {
            int node = index.nodes.get(roots.get(i).objectId());
            if (node != IdMap.ABSENT && parent[node] == UNSEEN) {
                parent[node] = -1 - i;
                queue[tail++] = node;
            }
        }
        Expansion expansion = new Expansion(parent, queue, tail);
        for (int head = 0; head < expansion.tail && parent[target] == UNSEEN; head++) {
            expansion.node = queue[head];
            graph.edges(expansion.node, expansion);
        }
        if (parent[target] == UNSEEN) {
            return Optional.empty();
        }
        return Optional.of(steps(parent, target));
    }

    /** Enqueues the unseen targets of the edges of {@link #node}: one object for the whole search. */
    private static final class Expansion implements HeapGraph.EdgeSink {
        private final int[] parent;
        private final int[] queue;
        int tail;
        int node;

        Expansion(int[] parent, int[] queue, int tail) {
            this.parent = parent;
            this.queue = queue;
            this.tail = tail;
        }

        @Override
        public boolean edge(int target, int kind, int a, int b) {
            if (parent[target] == UNSEEN) {
                parent[target] = node;
                queue[tail++] = target;
            }
            return true;
        }
    }

    private List<String> steps(int[] parent, int target) throws IOException {
        List<Integer> nodes = new ArrayList<>();
        for (int node = target; ; node = parent[node]) {
            nodes.add(node);
            if (parent[node] < 0) {
                break;
            }
        }
        java.util.Collections.reverse(nodes);
        HeapIndex.Root root = roots.get(-1 - parent[nodes.getFirst()]);
        List<String> steps = new ArrayList<>();
        int from = 0;
        boolean classRoot = root.kind() == HeapIndex.ROOT_STICKY_CLASS || root.kind() == BUILT_IN_CLASS;
        String first = nodes.size() > 1 ? label(nodes.get(0), nodes.get(1)) : "";
        if (classRoot && first.endsWith(" (static)")) {
            steps.add(first);
            from = 1;
        } else {
            steps.add(new RootNames(index).describe(root));
        }
        for (int i = from; i + 1 < nodes.size(); i++) {
            steps.add(label(nodes.get(i), nodes.get(i + 1)));
        }
        return steps;
    }

    /** The label of the first edge from {@code from} to {@code to}. */
    private String label(int from, int to) {
        String[] found = new String[1];
        graph.edges(from, (next, kind, a, b) -> {
            if (next == to) {
                found[0] = graph.label(kind, a, b);
                return false;
            }
            return true;
        });
        return found[0];
    }
}
