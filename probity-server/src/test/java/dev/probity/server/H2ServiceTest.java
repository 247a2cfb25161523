package dev.probity.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The service's scenarios on its embedded database (H2 in PostgreSQL mode, in a file). */
class H2ServiceTest extends ServiceTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        started(ProbityServer.start(ServerConfig.defaults(dir).withPort(0), false));
    }
}
