package dev.probity.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS is a setting: with a keystore the service speaks HTTPS only, with a certificate made here by the JDK's keytool. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void withAKeystoreTheServiceSpeaksHttpsOnly() throws Exception {
        Path ks = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "probity", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ks.toString(), "-storepass", "test-pass", "-keypass", "test-pass")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();

        try (ProbityServer s = ProbityServer.start(ServerConfig.defaults(dir.resolve("db")).withPort(0).withTls(ks, "test-pass"), false)) {
            assertThat(s.scheme()).isEqualTo("https");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(ks)) {
                trust.load(in, "test-pass".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/api/v1/health"))
                    .header("Authorization", "Bearer " + s.firstAdminToken().orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.sslSession()).isPresent();
            // a client that does not trust the certificate is refused, and plain HTTP gets no API
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/api/v1/health"))
                    .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            Http.Reply plain;
            try {
                plain = new Http(s.port()).get("/api/v1/health", s.firstAdminToken().orElseThrow());
                assertThat(plain.status()).isEqualTo(400);
            } catch (AssertionError e) {
                assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
            }
        }
    }

    @Test
    void aMissingKeystoreIsABadSetting() {
        assertThatThrownBy(() -> ServerConfig.defaults(dir).withTls(dir.resolve("none.p12"), "x"))
                .hasMessageContaining("none.p12");
    }
}
