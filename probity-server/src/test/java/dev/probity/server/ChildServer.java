package dev.probity.server;

import java.nio.file.Path;

/** The service in a child process for the crash tests: prints its port and first token, then serves until killed. */
public final class ChildServer {
    private ChildServer() {
    }

    public static void main(String[] args) throws Exception {
        ProbityServer s = ProbityServer.start(ServerConfig.defaults(Path.of(args[0])).withPort(0).withRateLimit(0, 1), false);
        System.out.println("PORT " + s.port());
        s.firstAdminToken().ifPresent(t -> System.out.println("TOKEN " + t));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
