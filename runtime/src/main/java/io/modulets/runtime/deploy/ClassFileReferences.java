package io.modulets.runtime.deploy;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.InnerClassInfo;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.ConstantDynamicEntry;
import java.lang.classfile.constantpool.ConstantPool;
import java.lang.classfile.constantpool.LoadableConstantEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.ExceptionCatch;
import java.lang.classfile.instruction.NewMultiArrayInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The packages one class file's code refers to, read from its constant pool with {@code java.lang.classfile}
 * (a walk over the pool's tags finds where the class entries are, so only those become objects).
 *
 * <p>Counted: the package of every class entry of the pool (the owner of a field or method the code uses, a class
 * it creates, casts to, tests, catches, loads as a literal or passes to a bootstrap method, its superclass and
 * interfaces), an array type counting as its element class; primitive arrays, the class's own package and the class
 * itself are left out. Annotations name their types and the enums of their values in descriptors, never in class
 * entries, so a type only an annotation uses is not counted: the JVM never loads it. The few class entries other
 * attributes hold (a {@code throws} clause, a stack map frame) count like the rest: the check errs towards a warning.
 *
 * <p>Except for one thing javac adds: the {@code InnerClasses} attribute lists every nested class the class
 * mentions anywhere, annotations and descriptors included, each with a class entry for it and for its outer class
 * ({@code @JsonInclude(JsonInclude.Include.NON_NULL)} gives entries for {@code JsonInclude$Include} and
 * {@code JsonInclude}). Such an entry counts only if something else uses it too. Member references, the superclass
 * and the interfaces show in the pool and header; for the rest (an instruction, a catch type, a bootstrap argument)
 * the packages only the attribute names are kept as {@link #nestedOnly} and settled by {@link #usedByCode}, which
 * reads the code: needed only when no other class of the jar refers to that package, so rarely.
 *
 * <p>Immutable; holds the class bytes only while {@link #nestedOnly} is not empty.
 */
final class ClassFileReferences {

    private static final ClassFile CLASS_FILE = ClassFile.of();

    private final String className;
    private final Set<String> packages;
    private final Set<String> nestedOnly;
    private final byte[] bytes;

    private ClassFileReferences(String className, Set<String> packages, Set<String> nestedOnly, byte[] bytes) {
        this.className = className;
        this.packages = packages;
        this.nestedOnly = nestedOnly;
        this.bytes = nestedOnly.isEmpty() ? null : bytes;
    }

    /**
     * Reads the references of the class file {@code bytes}.
     *
     * @throws IllegalArgumentException if the bytes are not a class file this JDK can read
     */
    static ClassFileReferences read(byte[] bytes) {
        ClassModel model = CLASS_FILE.parse(bytes);
        ConstantPool pool = model.constantPool();
        ClassEntry self = model.thisClass();
        String selfName = self.asInternalName();
        int ownLength = Math.max(selfName.lastIndexOf('/'), 0);
        BitSet classes = new BitSet(pool.size());
        BitSet usedElsewhere = new BitSet(pool.size());
        markPool(bytes, pool.size(), classes, usedElsewhere);
        classes.clear(self.index());
        List<ClassEntry> foreign = new ArrayList<>();
        List<String> foreignPackages = new ArrayList<>();
        boolean nested = false;
        for (int i = classes.nextSetBit(0); i >= 0; i = classes.nextSetBit(i + 1)) {
            ClassEntry type = pool.entryByIndex(i, ClassEntry.class);
            String name = type.asInternalName();
            int start = elementStart(name);
            if (start < 0) {
                continue; // an array of a primitive type
            }
            int end = name.length() - (start > 0 ? 1 : 0);
            int slash = name.lastIndexOf('/', end - 1);
            int packageLength = slash < start ? 0 : slash - start;
            if (packageLength == ownLength && name.regionMatches(start, selfName, 0, ownLength)) {
                continue;
            }
            foreign.add(type);
            foreignPackages.add(packageLength == 0 ? "" : name.substring(start, slash).replace('/', '.'));
            nested |= name.indexOf('$', slash + 1) >= 0;
        }
        if (foreign.isEmpty()) {
            return new ClassFileReferences(binaryName(self), Set.of(), Set.of(), null);
        }
        BitSet onlyNested = nested ? onlyInInnerClasses(model, usedElsewhere) : new BitSet();
        Set<String> packages = new LinkedHashSet<>();
        Set<String> nestedOnly = new LinkedHashSet<>();
        for (int i = 0; i < foreign.size(); i++) {
            (onlyNested.get(foreign.get(i).index()) ? nestedOnly : packages).add(foreignPackages.get(i));
        }
        nestedOnly.removeAll(packages);
        return new ClassFileReferences(binaryName(self), packages, nestedOnly, bytes);
    }

    /**
     * Walks the constant pool of the class file {@code bytes} (JVMS 4.4), which {@link ClassFile#parse} already
     * accepted, marking the indexes of its class entries in {@code classes} and of the classes member references
     * name in {@code owners}. Iterating the {@link ConstantPool} would make an object of every entry, ten times the
     * cost of this walk; the API then makes only the class entries.
     */
    private static void markPool(byte[] bytes, int count, BitSet classes, BitSet owners) {
        int p = 10; // magic, minor, major, constant_pool_count
        for (int i = 1; i < count; i++) {
            int tag = bytes[p] & 0xff;
            switch (tag) {
                case PoolEntry.TAG_CLASS -> {
                    classes.set(i);
                    p += 3;
                }
                case PoolEntry.TAG_FIELDREF, PoolEntry.TAG_METHODREF, PoolEntry.TAG_INTERFACE_METHODREF -> {
                    owners.set(u2(bytes, p + 1));
                    p += 5;
                }
                case PoolEntry.TAG_UTF8 -> p += 3 + u2(bytes, p + 1);
                case PoolEntry.TAG_STRING, PoolEntry.TAG_METHOD_TYPE, PoolEntry.TAG_MODULE, PoolEntry.TAG_PACKAGE -> p += 3;
                case PoolEntry.TAG_METHOD_HANDLE -> p += 4;
                case PoolEntry.TAG_INTEGER, PoolEntry.TAG_FLOAT, PoolEntry.TAG_NAME_AND_TYPE, PoolEntry.TAG_DYNAMIC,
                        PoolEntry.TAG_INVOKE_DYNAMIC -> p += 5;
                case PoolEntry.TAG_LONG, PoolEntry.TAG_DOUBLE -> {
                    p += 9;
                    i++; // takes two indexes
                }
                default -> throw new IllegalArgumentException("constant pool tag " + tag + " at index " + i);
            }
        }
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 8 | bytes[at + 1] & 0xff;
    }

    /** A class whose bytes cannot be read: it refers to nothing the scan can tell. */
    static ClassFileReferences unreadable(String className) {
        return new ClassFileReferences(className, Set.of(), Set.of(), null);
    }

    /** Its binary name, {@code com.example.Outer$Inner}. */
    String className() {
        return className;
    }

    /** The packages its code refers to, other than its own. */
    Set<String> packages() {
        return packages;
    }

    /** Packages that only class entries of its {@code InnerClasses} attribute name: to settle with {@link #usedByCode}. */
    Set<String> nestedOnly() {
        return nestedOnly;
    }

    /**
     * Those of {@code candidates} (packages of {@link #nestedOnly}) that its code uses after all: in an instruction
     * that names a class, a catch type or a bootstrap argument. Reads the class again, methods and code included.
     * Code that does not read (a bad opcode, a broken table the first read never looked at) counts as using every
     * candidate: the check then warns rather than stays silent, and the jar stays valid (the JVM judges the class
     * when something loads it).
     */
    Set<String> usedByCode(Set<String> candidates) {
        if (bytes == null || candidates.isEmpty()) {
            return Set.of();
        }
        try {
            return readUses(candidates);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | IllegalStateException | ClassCastException e) {
            return candidates;
        }
    }

    private Set<String> readUses(Set<String> candidates) {
        ClassModel model = CLASS_FILE.parse(bytes);
        Set<String> used = new HashSet<>();
        ConstantPool pool = model.constantPool();
        for (int i = 0; i < pool.bootstrapMethodCount(); i++) {
            noteArguments(pool.bootstrapMethodEntry(i).arguments(), candidates, used);
        }
        for (MethodModel method : model.methods()) {
            method.code().ifPresent(code -> {
                for (CodeElement element : code) {
                    ClassEntry type = classNamedBy(element);
                    if (type != null) {
                        note(type, candidates, used);
                    }
                }
            });
        }
        return used;
    }

    /** The class entry an instruction or catch names, or null. */
    private static ClassEntry classNamedBy(CodeElement element) {
        return switch (element) {
            case NewObjectInstruction i -> i.className();
            case NewReferenceArrayInstruction i -> i.componentType();
            case NewMultiArrayInstruction i -> i.arrayType();
            case TypeCheckInstruction i -> i.type();
            case ExceptionCatch c -> c.catchType().orElse(null);
            case ConstantInstruction.LoadConstantInstruction i when i.constantEntry() instanceof ClassEntry type -> type;
            default -> null;
        };
    }

    private static void noteArguments(List<LoadableConstantEntry> arguments, Set<String> candidates, Set<String> used) {
        for (LoadableConstantEntry argument : arguments) {
            if (argument instanceof ClassEntry type) {
                note(type, candidates, used);
            } else if (argument instanceof ConstantDynamicEntry dynamic) {
                noteArguments(dynamic.bootstrap().arguments(), candidates, used);
            }
        }
    }

    private static void note(ClassEntry type, Set<String> candidates, Set<String> used) {
        String name = elementName(type.asInternalName());
        if (name != null && candidates.contains(packageOf(name))) {
            used.add(packageOf(name));
        }
    }

    /**
     * The pool indexes of the class entries that the {@code InnerClasses} attribute names and that neither a member
     * reference, the superclass nor an interface uses.
     */
    private static BitSet onlyInInnerClasses(ClassModel model, BitSet usedElsewhere) {
        BitSet named = new BitSet();
        InnerClassesAttribute inner = model.findAttribute(Attributes.innerClasses()).orElse(null);
        if (inner == null) {
            return named;
        }
        for (InnerClassInfo info : inner.classes()) {
            named.set(info.innerClass().index());
            info.outerClass().ifPresent(outer -> named.set(outer.index()));
        }
        model.superclass().ifPresent(type -> usedElsewhere.set(type.index()));
        model.interfaces().forEach(type -> usedElsewhere.set(type.index()));
        named.andNot(usedElsewhere);
        return named;
    }

    /**
     * Where the class name starts in an internal name or array descriptor: 0 for a class, after {@code [..[L} for an
     * array of a class (whose name then ends before the {@code ;}), -1 for an array of a primitive type.
     */
    private static int elementStart(String internalName) {
        if (internalName.isEmpty() || internalName.charAt(0) != '[') {
            return 0;
        }
        int dims = 0;
        while (dims < internalName.length() && internalName.charAt(dims) == '[') {
            dims++;
        }
        return dims < internalName.length() - 1 && internalName.charAt(dims) == 'L' && internalName.endsWith(";")
                ? dims + 1 : -1;
    }

    /** The class an internal name or array descriptor names ({@code [[Lfoo/Bar;} is {@code foo/Bar}); null for primitives. */
    private static String elementName(String internalName) {
        int start = elementStart(internalName);
        return start <= 0 ? (start == 0 ? internalName : null) : internalName.substring(start, internalName.length() - 1);
    }

    /** The dotted package of an internal class name. */
    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    private static String binaryName(ClassEntry type) {
        return type.asInternalName().replace('/', '.');
    }
}
