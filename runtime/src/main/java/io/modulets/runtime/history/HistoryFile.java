package io.modulets.runtime.history;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history's file, {@code <state-dir>/history}: what {@link History} holds, as text, written crash-safe the way
 * the store writes a jar (a temporary file, fsync, atomic rename, fsync of the folder), so a crash at any moment
 * leaves the old file or the new one, never half of one.
 *
 * <p>Format: a first line {@code modulets-history 1}, then one line per record,
 * {@code V <module> <version> <digest> <digests, comma-separated> <source> <arrived, epoch ms> <current at, epoch ms or ->},
 * then one per pin, {@code P <module> <digest>}; fields separated by tabs, with {@code \t}, {@code \n} and
 * {@code \\} escaped.
 */
final class HistoryFile {

    static final String NAME = "history";
    private static final String HEADER = "modulets-history 1";

    /** What the file holds. */
    record Content(List<VersionRecord> records, Map<String, String> pins) {
        Content {
            records = List.copyOf(records);
            pins = Map.copyOf(pins);
        }
    }

    private final Path file;

    HistoryFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    Path path() {
        return file;
    }

    /**
     * What the file holds; empty if there is none.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it is not a history file, naming the line
     */
    Content read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Content(List.of(), Map.of());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("it is not UTF-8 text (" + e + ")", e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            throw new IllegalArgumentException("its first line is not '" + HEADER + "'");
        }
        List<VersionRecord> records = new ArrayList<>();
        Map<String, String> pins = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            try {
                switch (fields[0]) {
                    case "V" -> {
                        expect(fields, 8);
                        List<String> digests = fields[4].isEmpty() ? List.of()
                                : Arrays.asList(unescape(fields[4]).split(","));
                        records.add(new VersionRecord(unescape(fields[1]), unescape(fields[2]), fields[3], digests,
                                unescape(fields[5]), Instant.ofEpochMilli(Long.parseLong(fields[6])),
                                fields[7].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(fields[7]))));
                    }
                    case "P" -> {
                        expect(fields, 3); // module, digest
                        pins.put(unescape(fields[1]), fields[2]);
                    }
                    default -> throw new IllegalArgumentException("unknown kind '" + fields[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not a history line (" + e.getMessage() + ")", e);
            }
        }
        return new Content(records, pins);
    }

    private static void expect(String[] fields, int count) {
        if (fields.length != count) {
            throw new IllegalArgumentException(count + " fields expected, found " + fields.length);
        }
    }

    /** Replaces the file with {@code content}, crash-safe. */
    void write(Content content) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (VersionRecord r : content.records()) {
            text.append("V\t").append(escape(r.module())).append('\t').append(escape(r.version())).append('\t')
                    .append(r.digest()).append('\t').append(escape(String.join(",", r.digests()))).append('\t')
                    .append(escape(r.source())).append('\t').append(r.arrived().toEpochMilli()).append('\t')
                    .append(r.currentAt() == null ? "-" : String.valueOf(r.currentAt().toEpochMilli())).append('\n');
        }
        content.pins().forEach((module, digest) -> text.append("P\t").append(escape(module)).append('\t').append(digest)
                .append('\n'));
        Path tmp = file.resolveSibling("." + NAME + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                throw new IllegalArgumentException("a field ends with a lone backslash");
            }
            char next = value.charAt(i);
            out.append(switch (next) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new IllegalArgumentException("unknown escape \\" + next);
            });
        }
        return out.toString();
    }
}
