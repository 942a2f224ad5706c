package io.modulets.runtime.heap;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Names a GC root for the first step of a path: {@code thread 'poller' (stack) at a.B.run(B.java:12)},
 * {@code thread 'poller'}, {@code class java.lang.System}, {@code JNI global}, ... A thread's name is read from
 * its {@code Thread.name} string ({@code byte[] value} with a {@code coder}, or a {@code char[]} in old JDKs).
 */
final class RootNames {

    private final HeapIndex index;

    RootNames(HeapIndex index) {
        this.index = index;
    }

    String describe(HeapIndex.Root root) throws IOException {
        return switch (root.kind()) {
            case HeapIndex.ROOT_JAVA_FRAME -> thread(root.threadSerial()) + " (stack)" + frame(root.threadSerial(), root.frame());
            case HeapIndex.ROOT_THREAD_OBJECT -> thread(root.threadSerial());
            case HeapIndex.ROOT_JNI_LOCAL -> thread(root.threadSerial()) + " (JNI local)" + frame(root.threadSerial(), root.frame());
            case HeapIndex.ROOT_NATIVE_STACK -> thread(root.threadSerial()) + " (native stack)";
            case HeapIndex.ROOT_THREAD_BLOCK -> thread(root.threadSerial()) + " (thread block)";
            case HeapIndex.ROOT_JNI_GLOBAL -> "JNI global";
            case HeapIndex.ROOT_MONITOR_USED -> "monitor in use";
            case HeapIndex.ROOT_STICKY_CLASS, StrongPaths.BUILT_IN_CLASS -> "class " + index.className(root.objectId());
            default -> "unknown root";
        };
    }

    private String thread(int serial) throws IOException {
        HeapIndex.ThreadInfo thread = index.threads.get(serial);
        String name = thread == null ? null : threadName(thread.objectId());
        return name == null ? "thread #" + serial : "thread '" + name + "'";
    }

    /** " at a.B.m(B.java:12)" for frame {@code depth} of the thread's stack trace, or "" if the dump has none. */
    private String frame(int threadSerial, int depth) {
        HeapIndex.ThreadInfo thread = index.threads.get(threadSerial);
        long[] trace = thread == null ? null : index.stackTraces.get(thread.stackTraceSerial());
        if (trace == null || depth < 0 || depth >= trace.length) {
            return "";
        }
        HeapIndex.Frame frame = index.frames.get(trace[depth]);
        if (frame == null) {
            return "";
        }
        String source = frame.sourceFileId() == 0 ? "Unknown Source" : index.string(frame.sourceFileId());
        String line = frame.line() > 0 ? ":" + frame.line() : "";
        return " at " + index.classNameBySerial(frame.classSerial()) + "." + index.string(frame.methodNameId())
                + "(" + source + line + ")";
    }

    private String threadName(long threadId) throws IOException {
        int node = index.nodes.get(threadId);
        if (node == IdMap.ABSENT) {
            return null;
        }
        OptionalLong name = index.field(node, "java.lang.Thread", "name");
        if (name.isEmpty() || index.nodes.get(name.getAsLong()) == IdMap.ABSENT) {
            return name.isPresent() ? chars(name.getAsLong()) : null;
        }
        return string(index.nodes.get(name.getAsLong()));
    }

    /** A {@code java.lang.String} instance's text. */
    private String string(int node) throws IOException {
        OptionalLong value = index.field(node, "java.lang.String", "value");
        if (value.isEmpty()) {
            return null;
        }
        HeapIndex.PrimitiveArray array = index.primitiveArray(value.getAsLong());
        if (array == null) {
            return null;
        }
        if (array.type() == HprofFile.CHAR) {
            return new String(array.bytes(), StandardCharsets.UTF_16BE);
        }
        long coder = index.field(node, "java.lang.String", "coder").orElse(0);
        if (coder == 0) {
            return new String(array.bytes(), StandardCharsets.ISO_8859_1);
        }
        // A UTF16 string's bytes are chars in the dumping JVM's byte order: this JVM's, as it dumps itself.
        return new String(array.bytes(), ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? StandardCharsets.UTF_16BE
                : StandardCharsets.UTF_16LE);
    }

    /** A thread name that is a {@code char[]} itself (JDK 8). */
    private String chars(long arrayId) throws IOException {
        HeapIndex.PrimitiveArray array = index.primitiveArray(arrayId);
        return array == null || array.type() != HprofFile.CHAR ? null : new String(array.bytes(), StandardCharsets.UTF_16BE);
    }
}
