package io.modulets.runtime.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modulets.runtime.heap.SyntheticHprof.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader on hand-written dumps: both id sizes, array slots, JNI roots, referents, a truncated file. */
class HeapDumpReaderTest {

    private static final Field[] NONE = {};

    @TempDir
    Path dir;

    /** A small heap: module loaders 7 (behind a static array slot, after a null and an id the dump lacks), 8 (behind a referent only), 9 (JNI global). */
    private static Path heap(int idSize, Path file, int cutTail) {
        SyntheticHprof h = new SyntheticHprof(idSize);
        long object = h.defineClass("java.lang.Object", 0, 0, NONE);
        long reference = h.defineClass("java.lang.ref.Reference", object, 0, NONE, Field.ref("referent", 0), Field.ref("queue", 0));
        long soft = h.defineClass("java.lang.ref.SoftReference", reference, 0, NONE, new Field("timestamp", HprofFile.LONG, 0));
        long loaderClass = h.defineClass(HeapDumpReader.LOADER_CLASS, object, 0, NONE, new Field("serial", HprofFile.LONG, 0));
        long box = h.defineClass("h.Box", object, 0, NONE, new Field("count", HprofFile.INT, 0), Field.ref("item", 0));
        long arrayClass = h.defineClass("[Ljava.lang.Object;", object, 0, NONE);
        long loader7 = h.instance(loaderClass, new Field("serial", HprofFile.LONG, 7));
        long loader8 = h.instance(loaderClass, new Field("serial", HprofFile.LONG, 8));
        long loader9 = h.instance(loaderClass, new Field("serial", HprofFile.LONG, 9));
        long box7 = h.instance(box, new Field("count", HprofFile.INT, 3), Field.ref("item", loader7));
        long array = h.objectArray(arrayClass, 0, 0xDEAD0, box7);
        long softRef = h.instance(soft, new Field("timestamp", HprofFile.LONG, 1), Field.ref("referent", loader8), Field.ref("queue", 0));
        long box9 = h.instance(box, new Field("count", HprofFile.INT, 0), Field.ref("item", loader9));
        long holder = h.defineClass("h.Holder", object, 0, new Field[] {Field.ref("arr", array), Field.ref("soft", softRef)});
        h.stickyClass(holder);
        h.jniGlobal(box9);
        return h.writeTo(file, cutTail);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void find_loaderInArraySlotBehindStatic_pathNamesStaticSlotAndField(int idSize) throws IOException {
        HeapAnalyzer.Finding finding = HeapDumpReader.find(heap(idSize, dir.resolve("a.hprof"), 0), 7);

        assertEquals(HeapAnalyzer.Reachability.STRONG, finding.reachability(), finding::toString);
        assertEquals(List.of("h.Holder.arr (static)", "[2]", "h.Box.item"), finding.path());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void find_loaderOnlyASoftReferentOfAStaticReference_notStrong(int idSize) throws IOException {
        HeapAnalyzer.Finding finding = HeapDumpReader.find(heap(idSize, dir.resolve("b.hprof"), 0), 8);

        assertEquals(HeapAnalyzer.Reachability.NOT_STRONG, finding.reachability(), finding::toString);
    }

    @Test
    void find_loaderBehindJniGlobal_pathStartsAtJniGlobal() throws IOException {
        HeapAnalyzer.Finding finding = HeapDumpReader.find(heap(8, dir.resolve("c.hprof"), 0), 9);

        assertEquals(List.of("JNI global", "h.Box.item"), finding.path());
    }

    @Test
    void find_serialNotInDump_absent() throws IOException {
        assertEquals(HeapAnalyzer.Reachability.ABSENT, HeapDumpReader.find(heap(8, dir.resolve("d.hprof"), 0), 42).reachability());
    }

    @Test
    void find_truncatedDump_failsSayingTruncated() {
        Path file = heap(8, dir.resolve("e.hprof"), 5);

        IOException e = assertThrows(IOException.class, () -> HeapDumpReader.find(file, 7));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(file.toString()), e::getMessage);
    }

    @Test
    void find_notAnHprofFile_failsNamingWhatItBegins() throws IOException {
        Path file = Files.writeString(dir.resolve("f.hprof"), "PK\u0003\u0004 a zip, not a dump");

        IOException e = assertThrows(IOException.class, () -> HeapDumpReader.find(file, 7));
        assertTrue(e.getMessage().contains("is not an HPROF heap dump"), e::getMessage);
    }
}
