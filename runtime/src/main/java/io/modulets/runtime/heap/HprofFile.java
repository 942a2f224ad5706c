package io.modulets.runtime.heap;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An HPROF file mapped into memory, read by offset: the header ({@code JAVA PROFILE 1.0.x}, the id size, a
 * timestamp) and big-endian values of the record stream after it. The mapping is off the Java heap, so a dump of
 * hundreds of megabytes costs page cache, not heap. Confined to one thread; {@link #close} unmaps it.
 */
final class HprofFile implements AutoCloseable {

    private static final ValueLayout.OfShort U2 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U4 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U8 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Arena arena;
    private final MemorySegment data;
    private final int idSize;
    private final long firstRecord;
    private final Path path;

    private HprofFile(Path path, Arena arena, MemorySegment data, int idSize, long firstRecord) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.idSize = idSize;
        this.firstRecord = firstRecord;
    }

    /**
     * Maps {@code path} and reads its header.
     *
     * @throws IOException if it cannot be read, or is not an HPROF file with 4- or 8-byte ids
     */
    static HprofFile open(Path path) throws IOException {
        Arena arena = Arena.ofConfined();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment data = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            long nul = 0;
            while (nul < Math.min(data.byteSize(), 64) && data.get(ValueLayout.JAVA_BYTE, nul) != 0) {
                nul++;
            }
            String format = new String(data.asSlice(0, nul).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            if (!format.startsWith("JAVA PROFILE 1.0") || data.byteSize() < nul + 13) {
                throw new IOException(path + " is not an HPROF heap dump (it begins with '" + format + "')");
            }
            int idSize = data.get(U4, nul + 1);
            if (idSize != 4 && idSize != 8) {
                throw new IOException(path + " has " + idSize + "-byte ids; an HPROF reader knows 4 and 8");
            }
            return new HprofFile(path, arena, data, idSize, nul + 1 + 4 + 8);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    int idSize() {
        return idSize;
    }

    /** Where the first record begins, after the header. */
    long firstRecord() {
        return firstRecord;
    }

    long size() {
        return data.byteSize();
    }

    int u1(long offset) {
        return data.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    int u2(long offset) {
        return data.get(U2, offset) & 0xFFFF;
    }

    /** A 4-byte value (lengths and serials are unsigned in the format, but below 2^31 in any real dump). */
    int u4(long offset) {
        return data.get(U4, offset);
    }

    long u8(long offset) {
        return data.get(U8, offset);
    }

    /** An object id (0 is null). */
    long id(long offset) {
        return idSize == 8 ? data.get(U8, offset) : Integer.toUnsignedLong(data.get(U4, offset));
    }

    /** A value of basic type {@code type} (see {@link #sizeOf}), widened to a long; an object is its id. */
    long value(long offset, int type) {
        return switch (type) {
            case OBJECT -> id(offset);
            case BOOLEAN, BYTE -> data.get(ValueLayout.JAVA_BYTE, offset);
            case CHAR -> u2(offset);
            case SHORT -> data.get(U2, offset);
            case FLOAT, INT -> u4(offset);
            case DOUBLE, LONG -> u8(offset);
            default -> throw new IllegalStateException("basic type " + type + " at offset " + offset + " of " + path);
        };
    }

    byte[] bytes(long offset, int length) {
        return data.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Modified UTF-8 is plain UTF-8 for every name a JVM writes, but for NUL and supplementary characters. */
    String utf8(long offset, int length) {
        return new String(bytes(offset, length), StandardCharsets.UTF_8);
    }

    static final int OBJECT = 2;
    static final int BOOLEAN = 4;
    static final int CHAR = 5;
    static final int FLOAT = 6;
    static final int DOUBLE = 7;
    static final int BYTE = 8;
    static final int SHORT = 9;
    static final int INT = 10;
    static final int LONG = 11;

    /** The size in the file of a value of basic type {@code type}. */
    int sizeOf(int type) {
        return switch (type) {
            case OBJECT -> idSize;
            case BOOLEAN, BYTE -> 1;
            case CHAR, SHORT -> 2;
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> throw new IllegalStateException("unknown basic type " + type + " in " + path);
        };
    }

    @Override
    public void close() {
        arena.close();
    }
}
