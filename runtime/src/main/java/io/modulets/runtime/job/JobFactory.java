package io.modulets.runtime.job;

import io.modulets.api.Job;
import io.modulets.api.JobSubmissionException;
import io.modulets.runtime.namespace.ModuleClassLoader;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;

/**
 * Creates instances of one job class. Made once per class and kept with it (a {@link ClassValue}, which lives
 * and dies with the class and so with its module's loader), so a submit costs a class lookup in the module's
 * loader cache and a {@code ClassValue} read.
 *
 * <p>A job is made by a tiny class the runtime generates into the module's loader, {@code <job class>$$Maker},
 * defined in the job class's own package through a private {@code Lookup} on it, whose {@code get()} is
 * {@code return new <job class>();}: a plain allocation and constructor call where
 * reflection went through a method handle the JIT cannot treat as a constant (JFR: about a quarter of the
 * job-specific CPU of the throughput benchmark was in {@code Constructor.newInstance}). The maker lives and
 * dies with the module's loader. Should the class not be definable (the module has a class of that name), the
 * factory falls back to reflection. The job class is initialised apart from construction, on the first job's
 * thread, so a static initializer that throws is told apart from a constructor that throws.
 */
final class JobFactory {

    private static final ClassValue<JobFactory> FACTORIES = new ClassValue<>() {
        @Override
        protected JobFactory computeValue(Class<?> type) {
            return create(type);
        }
    };

    private static final String MAKER_SUFFIX = "$$Maker";

    private final Class<?> type;
    private final Supplier<?> maker;
    private final String description;
    private volatile boolean initialized;

    private JobFactory(Class<?> type, Supplier<?> maker, String description) {
        this.type = type;
        this.maker = maker;
        this.description = description;
    }

    /**
     * The factory of {@code type}, a class the job's module loader gave for the job class's name; made on first
     * use and kept with the class.
     *
     * @throws JobSubmissionException naming the class and its module if it is not a usable job class
     */
    static JobFactory of(Class<?> type) {
        return FACTORIES.get(type);
    }

    private static JobFactory create(Class<?> type) {
        String where = "class " + type.getName()
                + (type.getClassLoader() instanceof ModuleClassLoader defining ? " of module " + defining.module() : "");
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
            // the class may come from a module this one requires: its own loader is the one the JIT looks at
            resolveRunSignatures(type, type.getClassLoader());
            return new JobFactory(type, maker(type, type.getConstructor()), where);
        } catch (NoSuchMethodException e) {
            throw new JobSubmissionException(where + " has no public no-argument constructor");
        } catch (LinkageError e) {
            throw new JobSubmissionException(where + " cannot be linked: " + e.getMessage(), e);
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
    private static void resolveRunSignatures(Class<?> type, ClassLoader loader) {
        Method[] methods;
        try {
            methods = type.getMethods();
        } catch (LinkageError e) {
            return; // a public method's signature names a class the module cannot see: the job fails when it uses it
        }
        for (Method method : methods) {
            if (method.getName().equals("run")) {
                resolve(method.getReturnType(), loader);
                for (Class<?> parameter : method.getParameterTypes()) {
                    resolve(parameter, loader);
                }
            }
        }
    }

    private static void resolve(Class<?> type, ClassLoader loader) {
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (!type.isPrimitive()) {
            try {
                Class.forName(type.getName(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // best effort, class by class: one the module cannot see is left for the job to fail on
            }
        }
    }

    /**
     * The generated maker of {@code type}, defined beside it (same package, same loader) through a private
     * lookup on it; a reflective one if the module has a class of that name itself, or the class cannot be
     * defined. Two threads making the first factory of a class at once may both get here (a
     * {@code ClassValue} computes in parallel and keeps one): the second definition fails, and that thread
     * takes the class the first defined.
     */
    private static Supplier<?> maker(Class<?> type, Constructor<?> constructor) {
        String name = type.getName() + MAKER_SUFFIX;
        ClassLoader loader = type.getClassLoader();
        if (loader != null && loader.getResource(name.replace('.', '/') + ".class") == null) {
            try {
                Class<?> maker;
                try {
                    maker = MethodHandles.privateLookupIn(type, MethodHandles.lookup()).defineClass(makerBytes(name, type.getName()));
                } catch (LinkageError raced) {
                    maker = Class.forName(name, true, loader);
                }
                if (maker.getClassLoader() == loader && Supplier.class.isAssignableFrom(maker)) {
                    return (Supplier<?>) maker.getConstructor().newInstance();
                }
            } catch (LinkageError | ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
                // fall back to reflection below
            }
        }
        return () -> {
            try {
                return constructor.newInstance();
            } catch (InvocationTargetException thrown) {
                throw new ConstructorFailed(thrown.getCause());
            } catch (ReflectiveOperationException unusable) {
                throw new ConstructorFailed(unusable);
            }
        };
    }

    /** {@code public final class <name> implements Supplier { public Object get() { return new <job>(); } }} */
    private static byte[] makerBytes(String name, String jobClass) {
        ClassDesc job = ClassDesc.of(jobClass);
        return ClassFile.of().build(ClassDesc.of(name), c -> c
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC)
                .withInterfaceSymbols(ClassDesc.of(Supplier.class.getName()))
                .withMethodBody(ConstantDescs.INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_PUBLIC, code -> code
                        .aload(0)
                        .invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                        .return_())
                .withMethodBody("get", MethodTypeDesc.of(ConstantDescs.CD_Object), ClassFile.ACC_PUBLIC, code -> code
                        .new_(job)
                        .dup()
                        .invokespecial(job, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void)
                        .areturn()));
    }

    /** What the reflective maker throws for a constructor that threw {@code cause}. */
    private static final class ConstructorFailed extends RuntimeException {
        ConstructorFailed(Throwable cause) {
            super(cause);
        }
    }

    /**
     * A new job instance. Runs the class's static initializer on first use, and the constructor.
     *
     * @throws JobSubmissionException naming the module, version, class and cause if either throws
     */
    Job<?> newJob() {
        if (!initialized) {
            initialize();
        }
        try {
            return (Job<?>) maker.get();
        } catch (ConstructorFailed e) {
            throw new JobSubmissionException("the constructor of " + description + " threw " + e.getCause(), e.getCause());
        } catch (Throwable t) {
            throw new JobSubmissionException("the constructor of " + description + " threw " + t, t);
        }
    }

    private void initialize() {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
            initialized = true;
        } catch (ExceptionInInitializerError e) {
            throw new JobSubmissionException("the static initializer of " + description + " threw " + e.getCause(), e.getCause());
        } catch (NoClassDefFoundError e) {
            if (e.getCause() instanceof ExceptionInInitializerError earlier) { // the JVM's memory of a first failure
                throw new JobSubmissionException("the static initializer of " + description
                        + " failed for an earlier job, so the class is unusable in this version: " + earlier.getMessage(), e);
            }
            throw new JobSubmissionException(description + " cannot be initialised: " + e, e);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new JobSubmissionException(description + " cannot be initialised: " + e, e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
