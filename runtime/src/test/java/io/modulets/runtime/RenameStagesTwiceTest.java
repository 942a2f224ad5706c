package io.modulets.runtime;

import static io.modulets.runtime.DeployKit.awaitRejected;
import static io.modulets.runtime.DeployKit.hello;
import static io.modulets.runtime.DeployKit.noise;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Defect 13: a rename inside the watched folder copied and hashed the jar into the store twice (the rescan staged
 * the new name, then the rename's own event staged it again only to find the same digest). A renamed file keeps
 * its stamp (size, modification time, inode) and takes over the accepted file it was; nothing is copied.
 */
class RenameStagesTwiceTest {

    @RegisterExtension
    final RuntimeFixture fx = new RuntimeFixture();

    @Test
    void rename_acceptedJarInsideWatchedFolder_notCopiedIntoTheStoreAgain() throws Exception {
        Path jar = fx.drop("m-a.jar", hello("m", "1"));
        fx.start();
        String before = fx.runtime.current().id();
        try (WatchService store = fx.stateDir.getFileSystem().newWatchService()) {
            WatchKey key = fx.stateDir.resolve("store").register(store, StandardWatchEventKinds.ENTRY_CREATE);

            Files.move(jar, fx.watchDir.resolve("m-b.jar"), StandardCopyOption.ATOMIC_MOVE);
            Path sentinel = Files.write(fx.watchDir.resolve("sentinel.jar"), noise(50)); // never staged: no end record
            awaitRejected(fx, sentinel); // comes a settle window and several rescans after the rename's events

            assertEquals(List.of(), stagingsCreated(key), "the renamed jar was copied into the store again");
        }
        assertEquals(before, fx.runtime.current().id(), "a rename is not a new arrival");
    }

    private static List<String> stagingsCreated(WatchKey key) {
        List<String> names = new ArrayList<>();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && name.toString().startsWith(".staging-")) {
                names.add(name.toString());
            }
        }
        return names;
    }
}
