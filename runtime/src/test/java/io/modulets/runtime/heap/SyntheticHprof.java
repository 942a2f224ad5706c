package io.modulets.runtime.heap;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes small HPROF files by hand, for what real dumps of this JVM do not show: 4-byte ids, chosen roots,
 * arrays at chosen slots. Names and classes get ids on first use; the heap is one HEAP_DUMP_SEGMENT record.
 */
final class SyntheticHprof {

    /** A field declaration or value: {@code type} is an HPROF basic type (2 object, 11 long). */
    record Field(String name, int type, long value) {
        static Field ref(String name, long id) {
            return new Field(name, HprofFile.OBJECT, id);
        }
    }

    private final int idSize;
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private final ByteArrayOutputStream heap = new ByteArrayOutputStream();
    private final Map<String, Long> names = new HashMap<>();
    private long nextId = 0x1000;
    private int nextSerial = 1;

    SyntheticHprof(int idSize) {
        this.idSize = idSize;
    }

    long newId() {
        return nextId += 8;
    }

    private long name(String text) {
        return names.computeIfAbsent(text, t -> {
            long id = newId();
            byte[] bytes = t.getBytes(StandardCharsets.UTF_8);
            record(records, HeapIndex.UTF8, out -> {
                id(out, id);
                out.write(bytes);
            });
            return id;
        });
    }

    /** Declares a class with instance fields {@code fields} (values ignored) and statics {@code statics}. */
    long defineClass(String name, long superId, long loaderId, Field[] statics, Field... fields) {
        long id = newId();
        long nameId = name(name.replace('.', '/'));
        int serial = nextSerial++;
        record(records, HeapIndex.LOAD_CLASS, out -> {
            out.writeInt(serial);
            id(out, id);
            out.writeInt(0);
            id(out, nameId);
        });
        long[] staticNames = new long[statics.length];
        long[] fieldNames = new long[fields.length];
        for (int i = 0; i < statics.length; i++) {
            staticNames[i] = name(statics[i].name());
        }
        for (int i = 0; i < fields.length; i++) {
            fieldNames[i] = name(fields[i].name());
        }
        sub(HeapIndex.CLASS_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            for (long ref : new long[] {superId, loaderId, 0, 0, 0, 0}) {
                id(out, ref);
            }
            out.writeInt(0);
            out.writeShort(0);
            out.writeShort(statics.length);
            for (int i = 0; i < statics.length; i++) {
                id(out, staticNames[i]);
                out.writeByte(statics[i].type());
                value(out, statics[i]);
            }
            out.writeShort(fields.length);
            for (int i = 0; i < fields.length; i++) {
                id(out, fieldNames[i]);
                out.writeByte(fields[i].type());
            }
        });
        return id;
    }

    /** An instance whose field values are {@code values}: its class's fields first, then each superclass's. */
    long instance(long classId, Field... values) {
        long id = newId();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        write(data, out -> {
            for (Field value : values) {
                value(out, value);
            }
        });
        sub(HeapIndex.INSTANCE_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            id(out, classId);
            out.writeInt(data.size());
            out.write(data.toByteArray());
        });
        return id;
    }

    long objectArray(long arrayClassId, long... elements) {
        long id = newId();
        sub(HeapIndex.OBJ_ARRAY_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            out.writeInt(elements.length);
            id(out, arrayClassId);
            for (long element : elements) {
                id(out, element);
            }
        });
        return id;
    }

    void stickyClass(long classId) {
        sub(HeapIndex.ROOT_STICKY_CLASS, out -> id(out, classId));
    }

    void jniGlobal(long objectId) {
        sub(HeapIndex.ROOT_JNI_GLOBAL, out -> {
            id(out, objectId);
            id(out, newId());
        });
    }

    /** The whole file; {@code cutTail} bytes fewer, to make a truncated one. */
    Path writeTo(Path file, int cutTail) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        write(all, out -> {
            out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(idSize);
            out.writeLong(0);
            out.write(records.toByteArray());
        });
        record(all, HeapIndex.HEAP_DUMP_SEGMENT, out -> out.write(heap.toByteArray()));
        byte[] bytes = all.toByteArray();
        try {
            return Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - cutTail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private void sub(int tag, Body body) {
        write(heap, out -> {
            out.writeByte(tag);
            body.write(out);
        });
    }

    private void record(ByteArrayOutputStream to, int tag, Body body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        write(content, body);
        write(to, out -> {
            out.writeByte(tag);
            out.writeInt(0);
            out.writeInt(content.size());
            out.write(content.toByteArray());
        });
    }

    private static void write(ByteArrayOutputStream to, Body body) {
        try {
            DataOutputStream out = new DataOutputStream(to);
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void id(DataOutputStream out, long id) throws IOException {
        if (idSize == 4) {
            out.writeInt((int) id);
        } else {
            out.writeLong(id);
        }
    }

    private void value(DataOutputStream out, Field field) throws IOException {
        switch (field.type()) {
            case HprofFile.OBJECT -> id(out, field.value());
            case HprofFile.LONG -> out.writeLong(field.value());
            case HprofFile.INT -> out.writeInt((int) field.value());
            default -> throw new IllegalArgumentException("type " + field.type());
        }
    }
}
