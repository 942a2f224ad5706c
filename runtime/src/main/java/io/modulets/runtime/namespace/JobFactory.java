package io.modulets.runtime.namespace;

import io.modulets.api.Job;
import io.modulets.api.JobSubmissionException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Creates instances of one job class of one module loader. Looked up once per (loader, class) and cached in
 * the loader, so a submit to an existing namespace costs a map lookup, not a class lookup.
 */
public final class JobFactory {

    private final Constructor<? extends Job<?>> constructor;
    private final String description;

    private JobFactory(Constructor<? extends Job<?>> constructor, String description) {
        this.constructor = constructor;
        this.description = description;
    }

    @SuppressWarnings("unchecked")
    static JobFactory of(ModuleClassLoader loader, String className) throws ClassNotFoundException {
        String where = "class " + className + " of module " + loader.module();
        Class<?> type = loader.loadClass(className); // loads, does not initialise: that happens on the job's thread
        if (!Job.class.isAssignableFrom(type)) {
            throw new JobSubmissionException(where + " is not a " + Job.class.getName() + ": it must implement it");
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new JobSubmissionException(where + " is abstract: name a concrete job class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new JobSubmissionException(where + " is not public: make it public with a public no-argument constructor");
        }
        try {
            resolveRunSignatures(type, loader);
            return new JobFactory((Constructor<? extends Job<?>>) type.getConstructor(), where);
        } catch (NoSuchMethodException e) {
            throw new JobSubmissionException(where + " has no public no-argument constructor");
        } catch (LinkageError e) {
            throw new JobSubmissionException(where + " cannot be linked: " + e, e);
        }
    }

    /**
     * Resolves, through the module's loader, the classes in the signatures of the job's {@code run} methods
     * (the user's and the compiler's bridge), so that the JVM records the loader as an initiating loader of
     * each, as it does for classes the module's own code has resolved.
     *
     * <p>Why: the JIT compiles a job's {@code run} inlined into the JDK's {@code VirtualThread.run}, which every
     * virtual thread in the JVM shares. A type in {@code run}'s signature that the module's loader has never
     * been asked for (typically the result type, {@code String}, say, which the bytecode names but never loads)
     * looks unloaded to the compiler, so it compiles a trap that fires on the first non-null result, throws the
     * compiled code away and compiles it again, over and over: 312 deoptimizations in 25 s of the throughput
     * benchmark, with every virtual thread in the JVM running slower code meanwhile.
     * {@code Class.forName(name, false, loader)} records the initiating loader without initialising anything.
     * Best effort: a class that cannot be resolved here is left for the job itself to fail on, as before.
     */
    private static void resolveRunSignatures(Class<?> type, ModuleClassLoader loader) {
        try {
            for (Method method : type.getMethods()) {
                if (method.getName().equals("run")) {
                    resolve(method.getReturnType(), loader);
                    for (Class<?> parameter : method.getParameterTypes()) {
                        resolve(parameter, loader);
                    }
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // a public method's signature names a class the module cannot see: the job fails when it uses it
        }
    }

    private static void resolve(Class<?> type, ModuleClassLoader loader) throws ClassNotFoundException {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (!type.isPrimitive()) {
            Class.forName(type.getName(), false, loader);
        }
    }

    /**
     * A new job instance. Runs the class's static initializer on first use, and the constructor.
     *
     * @throws JobSubmissionException naming the module, version, class and cause if either throws
     */
    public Job<?> newJob() {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new JobSubmissionException("the constructor of " + description + " threw " + e.getCause(), e.getCause());
        } catch (ExceptionInInitializerError e) {
            throw new JobSubmissionException("the static initializer of " + description + " threw " + e.getCause(), e.getCause());
        } catch (NoClassDefFoundError e) {
            if (e.getCause() instanceof ExceptionInInitializerError earlier) { // the JVM's memory of a first failure
                throw new JobSubmissionException("the static initializer of " + description
                        + " failed for an earlier job, so the class is unusable in this version: " + earlier.getMessage(), e);
            }
            throw new JobSubmissionException(description + " cannot be initialised: " + e, e);
        } catch (ReflectiveOperationException e) {
            throw new JobSubmissionException("cannot create " + description + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
