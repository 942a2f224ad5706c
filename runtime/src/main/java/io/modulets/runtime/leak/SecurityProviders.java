package io.modulets.runtime.leak;

import io.modulets.runtime.namespace.ModuleClassLoader;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;

/**
 * JCA security providers whose class a retiring loader defined (a provider of the module's own, or one it bundles
 * such as BouncyCastle), installed with {@code Security.addProvider}: the JDK's provider list holds them, and so
 * their loader, until they are removed. Removal also clears what the JDK caches per provider list (the default
 * {@code SecureRandom}, the algorithm aliases); {@code javax.crypto.JceSecurity} keeps its verification results
 * and code bases of providers weakly, so they do not pin it.
 */
final class SecurityProviders implements Remedy {

    @Override
    public String kind() {
        return "security providers";
    }

    @Override
    public List<String> undo(ModuleClassLoader loader) {
        List<String> undone = new ArrayList<>();
        for (Provider provider : installedBy(loader)) {
            Security.removeProvider(provider.getName());
            undone.add("removed security provider " + describe(provider, loader));
        }
        return undone;
    }

    @Override
    public List<String> holders(ModuleClassLoader loader) {
        List<String> holders = new ArrayList<>();
        for (Provider provider : installedBy(loader)) {
            holders.add("security provider " + describe(provider, loader) + " is installed");
        }
        return holders;
    }

    private static List<Provider> installedBy(ModuleClassLoader loader) {
        List<Provider> mine = new ArrayList<>();
        for (Provider provider : Security.getProviders()) {
            if (Origin.definedBy(provider, loader)) {
                mine.add(provider);
            }
        }
        return mine;
    }

    private static String describe(Provider provider, ModuleClassLoader loader) {
        return provider.getName() + " (" + Origin.named(provider.getClass(), loader) + ")";
    }
}
