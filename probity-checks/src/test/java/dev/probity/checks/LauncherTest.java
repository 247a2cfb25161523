package dev.probity.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9: when its build failed, ./probity exited 1 — which scripts read as "a --fail-on rule is broken". It
 * must exit 3 with a short message. Checked on a copy of the launcher next to a Maven wrapper that fails.
 */
class LauncherTest {
    @Test
    void aFailedBuildExitsThreeWithAShortMessage(@TempDir Path dir) throws Exception {
        Path launcher = dir.resolve("probity");
        Files.copy(DependenciesDocumentedTest.REPO.resolve("probity"), launcher);
        Path mvnw = Files.writeString(dir.resolve("mvnw"), "#!/bin/sh\necho '[ERROR] COMPILATION ERROR: something broke'\nexit 1\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("pom.xml"), "<project/>");
        Process p = new ProcessBuilder(launcher.toString(), "demo").directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(3);
        assertThat(out).contains("probity: the build failed").contains("COMPILATION ERROR: something broke");
        assertThat(out.lines().count()).as(out).isLessThan(25);
    }
}
