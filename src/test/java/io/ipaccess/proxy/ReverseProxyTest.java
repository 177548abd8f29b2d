package io.ipaccess.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.LoopbackHttp;
import io.ipaccess.testing.LoopbackHttp.Reply;
import io.ipaccess.testing.RunningServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reverse proxy in front of a small upstream (the JDK's HTTP server): what an admitted
 * request and its answer keep, and what a refused one or a dead upstream gets.
 */
class ReverseProxyTest {

  private static final int TEN_MIB = 10 * 1024 * 1024;
  private static final byte[] PAYLOAD = payload();
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer upstream;
  private final AtomicInteger upstreamRequests = new AtomicInteger();
  private RunningServer server;
  private LoopbackHttp local;
  private LoopbackHttp other;

  @BeforeEach
  void start() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", this::answer);
    upstream.start();
    ProxyUpstream target =
        ProxyUpstream.parse("http://127.0.0.1:" + upstream.getAddress().getPort());
    server = RunningServer.start(config -> config.withProxy(target, 0));
    local = LoopbackHttp.from("127.0.0.1");
    other = LoopbackHttp.from("127.0.0.2");
  }

  @AfterEach
  void stop() {
    local.close();
    other.close();
    server.close();
    upstream.stop(0);
  }

  @Test
  void upload_of10MiB_arrivesIntactWithMethodPathAndQuery() {
    Reply reply = local.send("PUT", server.proxyUrl() + "/upload?name=a%20b&x=1", withKey(),
        new ByteArrayInputStream(PAYLOAD), PAYLOAD.length);

    assertThat(reply.status()).as(reply.text()).isEqualTo(201);
    assertThat(reply.header("X-Seen-Sha256")).isEqualTo(sha256(PAYLOAD));
    assertThat(reply.header("X-Seen-Bytes")).isEqualTo(String.valueOf(TEN_MIB));
    assertThat(reply.header("X-Seen-Request")).isEqualTo("PUT /upload?name=a%20b&x=1");
  }

  @Test
  void download_of10MiB_arrivesIntact() {
    Reply reply = local.send("GET", server.proxyUrl() + "/download", withKey());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).hasSize(TEN_MIB);
    assertThat(sha256(reply.body())).isEqualTo(sha256(PAYLOAD));
  }

  @Test
  void upstreamStatusAndHeaders_areKept() {
    Reply reply = local.send("GET", server.proxyUrl() + "/teapot", withKey());

    assertThat(reply.status()).isEqualTo(418);
    assertThat(reply.header("X-Custom")).isEqualTo("kept");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.headers().stream().filter(h -> h[0].equalsIgnoreCase("Set-Cookie"))
        .map(h -> h[1])).containsExactly("a=1", "b=2");
    assertThat(reply.text()).isEqualTo("short and stout");
  }

  @Test
  void forwardedRequest_getsPeerAppendedToXForwardedForAndLosesTheKeyAndHopHeaders() {
    Map<String, List<String>> headers = withKey();
    headers.put("X-Forwarded-For", List.of("203.0.113.1"));
    headers.put("Connection", List.of("keep-alive, X-Hop"));
    headers.put("X-Hop", List.of("for this hop only"));
    headers.put("X-End", List.of("for the upstream"));

    Reply reply = local.send("GET", server.proxyUrl() + "/teapot", headers);

    assertThat(reply.header("X-Seen-Forwarded-For")).isEqualTo("203.0.113.1, 127.0.0.1");
    assertThat(reply.header("X-Seen-Authorization")).isEqualTo("-");
    assertThat(reply.header("X-Seen-Hop")).isEqualTo("-");
    assertThat(reply.header("X-Seen-End")).isEqualTo("for the upstream");
  }

  @Test
  void forwardedRequest_losesTheConsoleSessionCsrfTokenAndClientRealIp() {
    Map<String, List<String>> headers = withKey();
    headers.put("Cookie", List.of("theme=dark; ipaccess_session=SECRET; lang=en"));
    headers.put("X-CSRF-Token", List.of("token"));
    headers.put("X-Real-IP", List.of("10.9.9.9"));

    Reply reply = local.send("GET", server.proxyUrl() + "/teapot", headers);

    assertThat(reply.header("X-Seen-Cookie")).isEqualTo("theme=dark; lang=en");
    assertThat(reply.header("X-Seen-Csrf")).isEqualTo("-");
    assertThat(reply.header("X-Seen-Real-Ip")).isEqualTo("-");
  }

  @Test
  void requestWithOnlyTheSessionCookie_reachesTheUpstreamWithoutACookie() {
    Map<String, List<String>> headers = withKey();
    headers.put("Cookie", List.of("ipaccess_session=SECRET"));

    Reply reply = local.send("GET", server.proxyUrl() + "/teapot", headers);

    assertThat(reply.header("X-Seen-Cookie")).isEqualTo("-");
  }

  @Test
  void blockedClient_isRefusedWithTheApisErrorBodyAndNeverReachesTheUpstream()
      throws IOException {
    ApiClient.of(server).add("127.0.0.1");

    // A small body: the proxy answers a refused request without reading what it would refuse.
    Reply proxied = other.send("POST", server.proxyUrl() + "/upload", withKey(),
        new ByteArrayInputStream(PAYLOAD, 0, 1024), 1024);
    Reply api = other.send("GET", server.baseUrl() + "/v3/access_settings/whitelist", withKey());

    assertThat(proxied.status()).isEqualTo(403);
    assertThat(proxied.header("Content-Type")).startsWith("application/json");
    assertThat(JSON.readTree(proxied.body())).isEqualTo(JSON.readTree(api.body()));
    assertThat(proxied.text()).contains("access from 127.0.0.2 is not allowed");
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void missingKey_isRefusedWith401AndTheApisErrorBody() throws IOException {
    Reply proxied = local.send("GET", server.proxyUrl() + "/teapot", new LinkedHashMap<>());
    Reply api = local.send("GET", server.baseUrl() + "/v3/access_settings/whitelist",
        new LinkedHashMap<>());

    assertThat(proxied.status()).isEqualTo(401);
    assertThat(JSON.readTree(proxied.body())).isEqualTo(JSON.readTree(api.body()));
    assertThat(upstreamRequests).hasValue(0);
  }

  @Test
  void upstreamDown_gives502WithAClearBody() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    server.close();
    server = RunningServer.start(config -> config.withProxy(
        ProxyUpstream.parse("http://127.0.0.1:" + deadPort), 0));

    Reply reply = local.send("GET", server.proxyUrl() + "/teapot", withKey());

    assertThat(reply.status()).isEqualTo(502);
    assertThat(JSON.readTree(reply.body()).get("errors").get(0).get("message").asText())
        .isEqualTo("bad gateway: the upstream service could not be reached or broke off its"
            + " answer");
  }

  // ---------------------------------------------------------------------------------------------
  // The upstream

  private void answer(HttpExchange exchange) throws IOException {
    upstreamRequests.incrementAndGet();
    var seen = exchange.getResponseHeaders();
    seen.add("X-Seen-Request", exchange.getRequestMethod() + " " + exchange.getRequestURI());
    seen.add("X-Seen-Forwarded-For", firstOr(exchange, "X-Forwarded-For"));
    seen.add("X-Seen-Authorization", firstOr(exchange, "Authorization"));
    seen.add("X-Seen-Cookie", String.join(" | ", exchange.getRequestHeaders()
        .getOrDefault("Cookie", List.of("-"))));
    seen.add("X-Seen-Csrf", firstOr(exchange, "X-CSRF-Token"));
    seen.add("X-Seen-Real-Ip", firstOr(exchange, "X-Real-IP"));
    seen.add("X-Seen-Hop", firstOr(exchange, "X-Hop"));
    seen.add("X-Seen-End", firstOr(exchange, "X-End"));
    String path = exchange.getRequestURI().getPath();
    try (InputStream in = exchange.getRequestBody();
        OutputStream out = exchange.getResponseBody()) {
      if (path.equals("/upload")) {
        MessageDigest digest = sha256Digest();
        long bytes =
            new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
        seen.add("X-Seen-Sha256", HexFormat.of().formatHex(digest.digest()));
        seen.add("X-Seen-Bytes", String.valueOf(bytes));
        exchange.sendResponseHeaders(201, -1);
      } else if (path.equals("/download")) {
        exchange.sendResponseHeaders(200, 0);
        new ByteArrayInputStream(PAYLOAD).transferTo(out);
      } else {
        seen.add("X-Custom", "kept");
        seen.add("Cache-Control", "no-store");
        seen.add("Set-Cookie", "a=1");
        seen.add("Set-Cookie", "b=2");
        byte[] body = "short and stout".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(418, body.length);
        out.write(body);
      }
    }
  }

  private static String firstOr(HttpExchange exchange, String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? "-" : String.join(", ", values);
  }

  private static Map<String, List<String>> withKey() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Authorization", List.of("Bearer " + RunningServer.KEY));
    return headers;
  }

  private static byte[] payload() {
    byte[] bytes = new byte[TEN_MIB];
    new Random(20240607L).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
