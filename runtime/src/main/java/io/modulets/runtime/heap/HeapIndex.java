package io.modulets.runtime.heap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one pass over an HPROF file learns: where each object's record is (instances, object arrays and classes;
 * primitive arrays hold no references and are left out), every class's fields, the names, the GC roots, the
 * threads and their stack traces. Object ids become dense node numbers, so the path search can keep its state
 * in plain int arrays.
 *
 * <p>The format: after the header come records (tag u1, time u4, length u4, body). UTF8 records name things by
 * id, LOAD_CLASS gives a class object its name, STACK_FRAME/STACK_TRACE give each thread's stack, and
 * HEAP_DUMP/HEAP_DUMP_SEGMENT records hold sub-records: the ROOT_* kinds, CLASS_DUMP, INSTANCE_DUMP (field
 * values of the object's class first, then of each superclass), OBJ_ARRAY_DUMP and PRIM_ARRAY_DUMP.
 */
final class HeapIndex {

    static final int UTF8 = 0x01;
    static final int LOAD_CLASS = 0x02;
    static final int STACK_FRAME = 0x04;
    static final int STACK_TRACE = 0x05;
    static final int HEAP_DUMP = 0x0C;
    static final int HEAP_DUMP_SEGMENT = 0x1C;

    static final int ROOT_UNKNOWN = 0xFF;
    static final int ROOT_JNI_GLOBAL = 0x01;
    static final int ROOT_JNI_LOCAL = 0x02;
    static final int ROOT_JAVA_FRAME = 0x03;
    static final int ROOT_NATIVE_STACK = 0x04;
    static final int ROOT_STICKY_CLASS = 0x05;
    static final int ROOT_THREAD_BLOCK = 0x06;
    static final int ROOT_MONITOR_USED = 0x07;
    static final int ROOT_THREAD_OBJECT = 0x08;
    static final int CLASS_DUMP = 0x20;
    static final int INSTANCE_DUMP = 0x21;
    static final int OBJ_ARRAY_DUMP = 0x22;
    static final int PRIM_ARRAY_DUMP = 0x23;

    /** A GC root as the dump gives it; {@code threadSerial} and {@code frame} are -1 where its kind has none. */
    record Root(int kind, long objectId, int threadSerial, int frame) {
    }

    /** A class as its CLASS_DUMP gives it: only reference-typed statics are kept. */
    record ClassDump(long id, long superId, long loaderId, long signersId, long protectionDomainId,
            long[] staticNameIds, long[] staticValues, long[] fieldNameIds, byte[] fieldTypes) {
    }

    /** One frame of a stack trace. */
    record Frame(long methodNameId, long sourceFileId, int classSerial, int line) {
    }

    /** A thread: its object and the serial of its stack trace. */
    record ThreadInfo(long objectId, int stackTraceSerial) {
    }

    final HprofFile file;
    /** Object id to node number. */
    IdMap nodes;
    /** Node number to the offset of its sub-record's tag. */
    private long[] nodeOffsets;
    /** The heap segments' bodies: start and end offsets, in pairs. */
    private long[] segments = new long[64];
    private int segmentCount;
    private int nodeCount;
    /** Class object id to its index in {@link #classes}. */
    final IdMap classIndex = new IdMap(1 << 14);
    final List<ClassDump> classes = new ArrayList<>();
    private final IdMap utf8Index = new IdMap(1 << 16);
    private long[] utf8Offsets = new long[1 << 16];
    private int[] utf8Lengths = new int[1 << 16];
    private int utf8Count;
    /** Class object id to its name id (LOAD_CLASS). */
    private final Map<Long, Long> classNameIds = new HashMap<>();
    /** Class serial to its name id (LOAD_CLASS), for stack frames. */
    private final Map<Integer, Long> classSerialNameIds = new HashMap<>();
    final Map<Long, Frame> frames = new HashMap<>();
    final Map<Integer, long[]> stackTraces = new HashMap<>();
    final Map<Integer, ThreadInfo> threads = new HashMap<>();
    final List<Root> roots = new ArrayList<>();

    private HeapIndex(HprofFile file) {
        this.file = file;
    }

    /**
     * Reads {@code file}: once for the records outside the heap dump and to count the objects, once to index them.
     *
     * @throws IOException if a record runs past the end of the file or has a tag the format does not know
     */
    static HeapIndex read(HprofFile file) throws IOException {
        HeapIndex index = new HeapIndex(file);
        int objects = index.readRecords();
        index.nodes = new IdMap(objects);
        index.nodeOffsets = new long[objects];
        for (int i = 0; i < index.segmentCount; i++) {
            index.readHeap(index.segments[2 * i], index.segments[2 * i + 1]);
        }
        return index;
    }

    /** Reads the records, keeps where the heap segments are, and counts the objects in them. */
    private int readRecords() throws IOException {
        int id = file.idSize();
        long pos = file.firstRecord();
        long end = file.size();
        long objects = 0;
        while (pos + 9 <= end) {
            int tag = file.u1(pos);
            long length = Integer.toUnsignedLong(file.u4(pos + 5));
            long body = pos + 9;
            if (body + length > end) {
                throw new IOException("record " + tag + " at offset " + pos + " of " + file.path()
                        + " runs past the end of the file: the dump is truncated");
            }
            switch (tag) {
                case UTF8 -> addUtf8(file.id(body), body + id, (int) (length - id));
                case LOAD_CLASS -> {
                    classNameIds.put(file.id(body + 4), file.id(body + 8 + id));
                    classSerialNameIds.put(file.u4(body), file.id(body + 8 + id));
                }
                case STACK_FRAME -> frames.put(file.id(body), new Frame(file.id(body + id), file.id(body + 3L * id),
                        file.u4(body + 4L * id), file.u4(body + 4L * id + 4)));
                case STACK_TRACE -> {
                    int count = file.u4(body + 8);
                    long[] frameIds = new long[count];
                    for (int i = 0; i < count; i++) {
                        frameIds[i] = file.id(body + 12 + (long) i * id);
                    }
                    stackTraces.put(file.u4(body), frameIds);
                }
                case HEAP_DUMP, HEAP_DUMP_SEGMENT -> {
                    addSegment(body, body + length);
                    objects += countObjects(body, body + length);
                }
                default -> { } // other records (HEAP_SUMMARY, CPU samples, ...) hold nothing a path needs
            }
            pos = body + length;
        }
        if (objects >= Integer.MAX_VALUE / 2) {
            throw new IOException(file.path() + " holds " + objects + " objects: more than this reader indexes");
        }
        return (int) objects;
    }

    private void addSegment(long start, long end) {
        if (2 * segmentCount == segments.length) {
            segments = Arrays.copyOf(segments, segments.length * 2);
        }
        segments[2 * segmentCount] = start;
        segments[2 * segmentCount++ + 1] = end;
    }

    private void addUtf8(long id, long offset, int length) {
        if (utf8Count == utf8Offsets.length) {
            utf8Offsets = Arrays.copyOf(utf8Offsets, utf8Count * 2);
            utf8Lengths = Arrays.copyOf(utf8Lengths, utf8Count * 2);
        }
        utf8Offsets[utf8Count] = offset;
        utf8Lengths[utf8Count] = length;
        utf8Index.put(id, utf8Count++);
    }

    /** The instances, object arrays and classes between {@code pos} and {@code end}: the objects to index. */
    private long countObjects(long pos, long end) throws IOException {
        long count = 0;
        while (pos < end) {
            int tag = file.u1(pos);
            if (tag == INSTANCE_DUMP || tag == OBJ_ARRAY_DUMP || tag == CLASS_DUMP) {
                count++;
            }
            pos = next(pos);
        }
        return count;
    }

    private void readHeap(long pos, long end) throws IOException {
        int id = file.idSize();
        while (pos < end) {
            int tag = file.u1(pos);
            long body = pos + 1;
            switch (tag) {
                case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED, ROOT_JNI_GLOBAL -> root(tag, body, -1, -1);
                case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME -> root(tag, body, file.u4(body + id), file.u4(body + id + 4));
                case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> root(tag, body, file.u4(body + id), -1);
                case ROOT_THREAD_OBJECT -> {
                    threads.put(file.u4(body + id), new ThreadInfo(file.id(body), file.u4(body + id + 4)));
                    root(tag, body, file.u4(body + id), -1);
                }
                case CLASS_DUMP -> classDump(pos, body);
                case INSTANCE_DUMP, OBJ_ARRAY_DUMP -> addNode(file.id(body), pos);
                default -> { }
            }
            pos = next(pos);
        }
    }

    /**
     * Where the heap sub-record after the one at {@code pos} begins.
     *
     * @throws IOException if the sub-record's tag is unknown
     */
    private long next(long pos) throws IOException {
        int id = file.idSize();
        long body = pos + 1;
        return switch (file.u1(pos)) {
            case ROOT_UNKNOWN, ROOT_STICKY_CLASS, ROOT_MONITOR_USED -> body + id;
            case ROOT_JNI_GLOBAL -> body + 2L * id;
            case ROOT_JNI_LOCAL, ROOT_JAVA_FRAME, ROOT_THREAD_OBJECT -> body + id + 8L;
            case ROOT_NATIVE_STACK, ROOT_THREAD_BLOCK -> body + id + 4L;
            case CLASS_DUMP -> afterClassDump(body);
            case INSTANCE_DUMP -> body + 2L * id + 8 + Integer.toUnsignedLong(file.u4(body + 2L * id + 4));
            case OBJ_ARRAY_DUMP -> body + 2L * id + 8 + (long) file.u4(body + id + 4) * id;
            case PRIM_ARRAY_DUMP -> body + id + 9 + (long) file.u4(body + id + 4) * file.sizeOf(file.u1(body + id + 8));
            default -> throw new IOException("unknown heap sub-record " + file.u1(pos) + " at offset " + pos + " of " + file.path());
        };
    }

    /** The offset after a class dump's constant pool, which starts at {@code p} with its count. */
    private long afterConstantPool(long p) {
        int constants = file.u2(p);
        p += 2;
        for (int i = 0; i < constants; i++) {
            p += 3 + file.sizeOf(file.u1(p + 2));
        }
        return p;
    }

    private long afterClassDump(long body) {
        int id = file.idSize();
        long p = body + 7L * id + 8;
        p = afterConstantPool(p);
        int statics = file.u2(p);
        p += 2;
        for (int i = 0; i < statics; i++) {
            p += id + 1 + file.sizeOf(file.u1(p + id));
        }
        return p + 2 + (long) file.u2(p) * (id + 1);
    }

    private void root(int kind, long body, int threadSerial, int frame) {
        roots.add(new Root(kind, file.id(body), threadSerial, frame));
    }

    private void classDump(long pos, long body) {
        int id = file.idSize();
        long classId = file.id(body);
        long p = body + id + 4;
        long superId = file.id(p);
        long loaderId = file.id(p + id);
        long signersId = file.id(p + 2L * id);
        long domainId = file.id(p + 3L * id);
        p += 6L * id + 4; // two reserved ids, then the instance size
        p = afterConstantPool(p);
        int statics = file.u2(p);
        p += 2;
        long[] staticNames = new long[statics];
        long[] staticValues = new long[statics];
        int refs = 0;
        for (int i = 0; i < statics; i++) {
            int type = file.u1(p + id);
            if (type == HprofFile.OBJECT) {
                staticNames[refs] = file.id(p);
                staticValues[refs++] = file.id(p + id + 1);
            }
            p += id + 1 + file.sizeOf(type);
        }
        int fields = file.u2(p);
        p += 2;
        long[] fieldNames = new long[fields];
        byte[] fieldTypes = new byte[fields];
        for (int i = 0; i < fields; i++) {
            fieldNames[i] = file.id(p);
            fieldTypes[i] = (byte) file.u1(p + id);
            p += id + 1;
        }
        classIndex.put(classId, classes.size());
        classes.add(new ClassDump(classId, superId, loaderId, signersId, domainId, Arrays.copyOf(staticNames, refs),
                Arrays.copyOf(staticValues, refs), fieldNames, fieldTypes));
        addNode(classId, pos);
    }

    private void addNode(long id, long offset) {
        nodeOffsets[nodeCount] = offset;
        nodes.put(id, nodeCount++);
    }

    int nodeCount() {
        return nodeCount;
    }

    /** The offset of node {@code node}'s sub-record (its tag byte). */
    long offset(int node) {
        return nodeOffsets[node];
    }

    int tag(int node) {
        return file.u1(nodeOffsets[node]);
    }

    long idOf(int node) {
        return file.id(nodeOffsets[node] + 1);
    }

    /** The class object id of an instance or object-array node; for a class node, its own id. */
    long classIdOf(int node) {
        long pos = nodeOffsets[node];
        int id = file.idSize();
        return switch (file.u1(pos)) {
            case INSTANCE_DUMP -> file.id(pos + 1 + id + 4);
            case OBJ_ARRAY_DUMP -> file.id(pos + 1 + id + 8);
            default -> file.id(pos + 1);
        };
    }

    /** The string a UTF8 record gives {@code id}, or a placeholder naming the id. */
    String string(long id) {
        int i = utf8Index.get(id);
        return i == IdMap.ABSENT ? "<unnamed 0x" + Long.toHexString(id) + ">" : file.utf8(utf8Offsets[i], utf8Lengths[i]);
    }

    /** A class's binary name ({@code java.util.HashMap$Node}, {@code [Ljava.lang.Object;}). */
    String className(long classId) {
        Long nameId = classNameIds.get(classId);
        return nameId == null ? "<class 0x" + Long.toHexString(classId) + ">" : string(nameId).replace('/', '.');
    }

    /** The name of the class with serial {@code serial} (as stack frames give it). */
    String classNameBySerial(int serial) {
        Long nameId = classSerialNameIds.get(serial);
        return nameId == null ? "<class serial " + serial + ">" : string(nameId).replace('/', '.');
    }

    /** The ids of the class objects named {@code name} (one per loader that defined such a class). */
    List<Long> classIdsNamed(String name) {
        List<Long> ids = new ArrayList<>();
        for (Map.Entry<Long, Long> entry : classNameIds.entrySet()) {
            if (string(entry.getValue()).replace('/', '.').equals(name)) {
                ids.add(entry.getKey());
            }
        }
        return ids;
    }

    ClassDump classDump(long classId) {
        int i = classIndex.get(classId);
        return i == IdMap.ABSENT ? null : classes.get(i);
    }

    /**
     * The value of field {@code field} declared by class {@code declaringClass} in instance node {@code node},
     * as {@link HprofFile#value} widens it; empty if the instance has no such field.
     */
    OptionalLong field(int node, String declaringClass, String field) {
        long pos = nodeOffsets[node];
        if (file.u1(pos) != INSTANCE_DUMP) {
            return OptionalLong.empty();
        }
        long at = pos + 1 + 2L * file.idSize() + 8;
        for (ClassDump c = classDump(classIdOf(node)); c != null; c = classDump(c.superId())) {
            boolean declaring = className(c.id()).equals(declaringClass);
            for (int i = 0; i < c.fieldNameIds().length; i++) {
                if (declaring && string(c.fieldNameIds()[i]).equals(field)) {
                    return OptionalLong.of(file.value(at, c.fieldTypes()[i]));
                }
                at += file.sizeOf(c.fieldTypes()[i]);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The contents of the primitive array {@code id} as raw bytes in the dump's order, with its element type;
     * null if there is none. Primitive arrays are not indexed, so this walks the heap records again: for the few
     * strings a rendered path needs.
     */
    PrimitiveArray primitiveArray(long id) throws IOException {
        int idSize = file.idSize();
        for (int i = 0; i < segmentCount; i++) {
            for (long pos = segments[2 * i]; pos < segments[2 * i + 1]; pos = next(pos)) {
                if (file.u1(pos) == PRIM_ARRAY_DUMP && file.id(pos + 1) == id) {
                    int type = file.u1(pos + 1 + idSize + 8);
                    return new PrimitiveArray(type, file.bytes(pos + 1 + idSize + 9, file.u4(pos + 1 + idSize + 4) * file.sizeOf(type)));
                }
            }
        }
        return null;
    }

    /** A primitive array's element type (an HPROF basic type) and its bytes as the dump holds them. */
    record PrimitiveArray(int type, byte[] bytes) {
    }
}
