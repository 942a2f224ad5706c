package io.modulets.demos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What a naive hot reload does, for the demo's {@code --no-isolation} run: one class loader for everyone,
 * which reads a class from the jar on disk at the moment the class is first needed. Whoever touches a class
 * first fixes it for all, with whatever the file held at that moment.
 */
final class NaiveHotReload extends ClassLoader {

    private final Path jar;

    NaiveHotReload(Path jar, ClassLoader parent) {
        super("naive-hot-reload", parent);
        this.jar = jar;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(name.replace('.', '/') + ".class");
            if (entry == null) {
                throw new ClassNotFoundException(name + " is not in " + jar);
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            }
        } catch (IOException e) {
            throw new ClassNotFoundException("cannot read " + name + " from " + jar, e);
        }
    }
}
