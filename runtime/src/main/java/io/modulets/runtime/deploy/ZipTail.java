package io.modulets.runtime.deploy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A cheap first look at a file that may still be arriving: a zip's end-of-central-directory record is written
 * last, so a file whose tail holds no such record that ends exactly at the end of the file is certainly
 * incomplete. Reading at most 64 KiB of the tail avoids copying a half-written jar on every write event.
 */
final class ZipTail {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int END_RECORD = 22;
    private static final int MAX_COMMENT = 0xFFFF;

    private ZipTail() {
    }

    /** Whether {@code file} ends with a zip end record. False if it is shorter than one, or unreadable. */
    static boolean looksComplete(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < END_RECORD) {
                return false;
            }
            int tailLength = (int) Math.min(size, END_RECORD + MAX_COMMENT);
            ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(tail, size - tailLength);
            if (tail.position() != tailLength) {
                return false;
            }
            for (int at = tailLength - END_RECORD; at >= 0; at--) {
                if (tail.getInt(at) == END_SIGNATURE) {
                    int commentLength = Short.toUnsignedInt(tail.getShort(at + 20));
                    if (at + END_RECORD + commentLength == tailLength) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
