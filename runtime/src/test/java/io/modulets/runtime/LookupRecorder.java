package io.modulets.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The test JVM's name resolver (registered in {@code META-INF/services}): it records every host name looked up,
 * then asks the JDK's own resolver, so nothing else changes. Lets a test prove that no DNS query is made.
 */
public final class LookupRecorder extends InetAddressResolverProvider {

    /** Every host name looked up in this JVM since it started, in order. */
    static final List<String> LOOKED_UP = new CopyOnWriteArrayList<>();

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                LOOKED_UP.add(host);
                return builtin.lookupByName(host, policy);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "modulets-test-lookup-recorder";
    }
}
