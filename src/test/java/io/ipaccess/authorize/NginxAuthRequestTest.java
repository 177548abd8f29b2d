package io.ipaccess.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import io.ipaccess.http.ClientIpHeader;
import io.ipaccess.http.TrustedProxies;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.LoopbackHttp;
import io.ipaccess.testing.LoopbackHttp.Reply;
import io.ipaccess.testing.RunningServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real nginx from Debian's packages in front of a small upstream, asking ipaccess's {@code
 * /authorize} with {@code auth_request}; the configuration is the README's. nginx runs as its own
 * process with a generated configuration in a temporary directory, on a free loopback port.
 *
 * <p>Skipped with a printed reason when nginx is not installed, except under CI ({@code
 * CI=true}), where {@code .ci/run} installs it and its absence fails the test.
 */
class NginxAuthRequestTest {

  private static final String UPSTREAM_BODY = "the upstream answered";

  private Path dir;
  private Process nginx;
  private HttpServer upstream;
  private RunningServer server;
  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private String nginxUrl;

  @BeforeEach
  void start() throws IOException {
    Path binary = nginxBinary();
    // nginx asks ipaccess from 127.0.0.1, so ipaccess believes its X-Forwarded-For.
    server = RunningServer.start(config -> config.withClientAddress(
        TrustedProxies.parse(List.of("127.0.0.1")), ClientIpHeader.X_FORWARDED_FOR));
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      upstreamRequests.incrementAndGet();
      byte[] body = UPSTREAM_BODY.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    upstream.start();

    dir = Files.createTempDirectory("ipaccess-nginx");
    int port = freePort();
    Files.writeString(dir.resolve("nginx.conf"), config(port));
    nginx = new ProcessBuilder(binary.toString(), "-p", dir.toString(), "-c", "nginx.conf",
        "-e", dir.resolve("error.log").toString(), "-g", "daemon off;")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    awaitListening(port);
    nginxUrl = "http://127.0.0.1:" + port;
  }

  @AfterEach
  void stop() throws IOException, InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
    if (upstream != null) {
      upstream.stop(0);
    }
    if (server != null) {
      server.close();
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void clientNotOnTheList_isRefusedAndNeverReachesTheUpstream() {
    ApiClient.of(server).add("127.0.0.1");

    Reply reply = get("127.0.0.2", withKey());

    assertThat(reply.status()).isEqualTo(403);
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void clientOnTheList_isLetThrough() {
    ApiClient.of(server).add("127.0.0.1", "127.0.0.2");

    Reply reply = get("127.0.0.2", withKey());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.text()).isEqualTo(UPSTREAM_BODY);
  }

  @Test
  void spoofedForwardingHeadersFromTheClient_changeNothing() {
    ApiClient.of(server).add("127.0.0.1");
    Map<String, List<String>> spoofed = withKey();
    spoofed.put("X-Forwarded-For", List.of("127.0.0.1"));
    spoofed.put("X-Real-IP", List.of("127.0.0.1"));

    Reply reply = get("127.0.0.2", spoofed);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void missingKey_isRefusedWith401() {
    Reply reply = get("127.0.0.1", new LinkedHashMap<>());

    assertThat(reply.status()).isEqualTo(401);
    assertThat(upstreamRequests).hasValue(0);
  }

  private Reply get(String source, Map<String, List<String>> headers) {
    try (LoopbackHttp http = LoopbackHttp.from(source)) {
      return http.send("GET", nginxUrl + "/orders?id=7", headers);
    }
  }

  private static Map<String, List<String>> withKey() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Authorization", List.of("Bearer " + RunningServer.KEY));
    return headers;
  }

  /** The README's nginx example, with this test's ports and paths. */
  private String config(int port) {
    String ipaccess = server.baseUrl();
    String upstreamUrl = "http://127.0.0.1:" + upstream.getAddress().getPort();
    return """
        worker_processes 1;
        pid %1$s/nginx.pid;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server {
            listen 127.0.0.1:%2$d;
            location / {
              auth_request /_ipaccess;
              proxy_pass %4$s;
            }
            location = /_ipaccess {
              internal;
              proxy_pass %3$s/authorize;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            }
          }
        }
        """.formatted(dir, port, ipaccess, upstreamUrl);
  }

  private void awaitListening(int port) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!nginx.isAlive()) {
        fail("nginx stopped at start:\n" + Files.readString(dir.resolve("nginx.out")) + "\n"
            + readIfPresent(dir.resolve("error.log")));
      }
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
    fail("nginx did not listen on port " + port + " within 15 s");
  }

  private static String readIfPresent(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** nginx on the PATH or in /usr/sbin; skipped, or failed under CI, when there is none. */
  private static Path nginxBinary() {
    Optional<Path> found = Stream.concat(
            Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
            Stream.of("/usr/sbin"))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry, "nginx"))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isPresent()) {
      return found.get();
    }
    String reason = "nginx is not installed (apt-get install nginx)";
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + ", and CI=true requires it");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }
}
