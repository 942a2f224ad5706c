package io.modulets.server;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The {@code modulets} server's entry point ({@code java -jar quarkus-run.jar [options]}): reads the command line,
 * runs the {@link Preflight} checks, and only then starts Quarkus, which starts the runtime. A refusal is one line on
 * stderr and exit status {@value StartupRefused#EXIT_CODE}, with nothing started; {@code --help} prints the options
 * and exits 0.
 */
@QuarkusMain
public final class ServerMain {

    /** Set once, before Quarkus starts; read by {@link ServerApplication} in the same process. */
    private static volatile Preflight preflight;

    private ServerMain() {
    }

    /** Runs the server; see {@code --help}. */
    public static void main(String... args) {
        ServerOptions options = ServerOptions.standard();
        try {
            ServerOptions.Invocation invocation = options.parse(args);
            if (invocation instanceof ServerOptions.Help) {
                System.out.println(options.help());
                return;
            }
            preflight = Preflight.run(((ServerOptions.Start) invocation).settings());
        } catch (StartupRefused e) {
            System.err.println(e.getMessage());
            System.exit(StartupRefused.EXIT_CODE);
        }
        Quarkus.run(ServerApplication.class, args);
    }

    /** What the checks before start found and took. */
    static Preflight preflight() {
        Preflight checked = preflight;
        if (checked == null) {
            throw new IllegalStateException("the modulets server was started without its checks: start it with"
                    + " java -jar quarkus-run.jar (ServerMain.main), not as a bare Quarkus application");
        }
        return checked;
    }
}
