package io.modulets.runtime.heap;

import java.util.ArrayList;
import java.util.List;

/**
 * The strong references of a heap dump as edges between nodes of a {@link HeapIndex}: an instance's
 * reference-typed fields (its class's, then each superclass's, as the dump lays them out) and its class; an
 * object array's elements and its class; a class's reference-typed statics, its loader, superclass, signers and
 * protection domain. {@code java.lang.ref.Reference.referent} is left out: it is what makes a soft, weak or
 * phantom reference (or a finalizer's) not strong.
 */
final class HeapGraph {

    /** Edge kinds. */
    static final int FIELD = 0;
    static final int ELEMENT = 1;
    static final int CLASS_OF = 2;
    static final int STATIC = 3;
    static final int LOADER = 4;
    static final int SUPERCLASS = 5;
    static final int SIGNERS = 6;
    static final int PROTECTION_DOMAIN = 7;

    /** Receives the edges of one node; returns false to stop. */
    interface EdgeSink {
        /**
         * @param target the node the edge leads to
         * @param kind one of the edge kinds
         * @param a for a field, the index of its declaring class in {@link HeapIndex#classes}; for a static, the
         *     class's; for an element, its index
         * @param b for a field or a static, its index among its class's fields or reference statics
         */
        boolean edge(int target, int kind, int a, int b);
    }

    /** The reference fields of instances of one class, superclasses' included, in dump order. */
    private record Layout(int[] offsets, int[] declaringClasses, int[] fieldIndexes) {
    }

    private final HeapIndex index;
    private final HprofFile file;
    private final Layout[] layouts;
    private final int referenceClass;

    HeapGraph(HeapIndex index) {
        this.index = index;
        this.file = index.file;
        this.layouts = new Layout[index.classes.size()];
        List<Long> references = index.classIdsNamed("java.lang.ref.Reference");
        this.referenceClass = references.isEmpty() ? -1 : index.classIndex.get(references.getFirst());
    }

    HeapIndex index() {
        return index;
    }

    /** Gives {@code sink} every strong edge of {@code node} to an indexed node, in a fixed order. */
    void edges(int node, EdgeSink sink) {
        long pos = index.offset(node);
        int id = file.idSize();
        switch (file.u1(pos)) {
            case HeapIndex.INSTANCE_DUMP -> instanceEdges(pos, id, sink);
            case HeapIndex.OBJ_ARRAY_DUMP -> {
                if (!emit(sink, file.id(pos + 1 + id + 8), CLASS_OF, 0, 0)) {
                    return;
                }
                int count = file.u4(pos + 1 + id + 4);
                long at = pos + 1 + 2L * id + 8;
                for (int i = 0; i < count; i++, at += id) {
                    if (!emit(sink, file.id(at), ELEMENT, i, 0)) {
                        return;
                    }
                }
            }
            case HeapIndex.CLASS_DUMP -> classEdges(file.id(pos + 1), sink);
            default -> { }
        }
    }

    private void instanceEdges(long pos, int id, EdgeSink sink) {
        long classId = file.id(pos + 1 + id + 4);
        if (!emit(sink, classId, CLASS_OF, 0, 0)) {
            return;
        }
        int classNo = index.classIndex.get(classId);
        if (classNo == IdMap.ABSENT) {
            return;
        }
        Layout layout = layout(classNo);
        long data = pos + 1 + 2L * id + 8;
        for (int i = 0; i < layout.offsets.length; i++) {
            if (!emit(sink, file.id(data + layout.offsets[i]), FIELD, layout.declaringClasses[i], layout.fieldIndexes[i])) {
                return;
            }
        }
    }

    private void classEdges(long classId, EdgeSink sink) {
        int classNo = index.classIndex.get(classId);
        HeapIndex.ClassDump c = index.classes.get(classNo);
        for (int i = 0; i < c.staticValues().length; i++) {
            if (!emit(sink, c.staticValues()[i], STATIC, classNo, i)) {
                return;
            }
        }
        if (emit(sink, c.loaderId(), LOADER, 0, 0) && emit(sink, c.superId(), SUPERCLASS, 0, 0)
                && emit(sink, c.signersId(), SIGNERS, 0, 0)) {
            emit(sink, c.protectionDomainId(), PROTECTION_DOMAIN, 0, 0);
        }
    }

    private boolean emit(EdgeSink sink, long targetId, int kind, int a, int b) {
        int target = index.nodes.get(targetId);
        return target == IdMap.ABSENT || sink.edge(target, kind, a, b);
    }

    private Layout layout(int classNo) {
        Layout layout = layouts[classNo];
        if (layout == null) {
            layout = computeLayout(classNo);
            layouts[classNo] = layout;
        }
        return layout;
    }

    private Layout computeLayout(int classNo) {
        List<int[]> refs = new ArrayList<>();
        int offset = 0;
        for (int c = classNo; c != IdMap.ABSENT; c = index.classIndex.get(index.classes.get(c).superId())) {
            HeapIndex.ClassDump dump = index.classes.get(c);
            for (int i = 0; i < dump.fieldTypes().length; i++) {
                int type = dump.fieldTypes()[i];
                if (type == HprofFile.OBJECT && !(c == referenceClass && index.string(dump.fieldNameIds()[i]).equals("referent"))) {
                    refs.add(new int[] {offset, c, i});
                }
                offset += file.sizeOf(type);
            }
        }
        int[] offsets = new int[refs.size()];
        int[] classes = new int[refs.size()];
        int[] fields = new int[refs.size()];
        for (int i = 0; i < refs.size(); i++) {
            offsets[i] = refs.get(i)[0];
            classes[i] = refs.get(i)[1];
            fields[i] = refs.get(i)[2];
        }
        return new Layout(offsets, classes, fields);
    }

    /** How an edge reads in a path: {@code java.util.HashMap.table}, {@code [3]}, {@code <class>}, ... */
    String label(int kind, int a, int b) {
        return switch (kind) {
            case FIELD -> {
                HeapIndex.ClassDump c = index.classes.get(a);
                yield index.className(c.id()) + "." + index.string(c.fieldNameIds()[b]);
            }
            case STATIC -> {
                HeapIndex.ClassDump c = index.classes.get(a);
                yield index.className(c.id()) + "." + index.string(c.staticNameIds()[b]) + " (static)";
            }
            case ELEMENT -> "[" + a + "]";
            case CLASS_OF -> "<class>";
            case LOADER -> "<loader>";
            case SUPERCLASS -> "<superclass>";
            case SIGNERS -> "<signers>";
            case PROTECTION_DOMAIN -> "<protection domain>";
            default -> throw new IllegalArgumentException("edge kind " + kind);
        };
    }
}
