package io.ipaccess.testing;

import static org.assertj.core.api.Assertions.fail;

import io.ipaccess.store.StoreLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code ipaccess serve} process from the packaged jar (system property
 * {@code ipaccess.jar}, set by the build for integration tests), on a PostgreSQL store, its HTTP
 * port picked free and read from what it prints.
 */
public final class NodeProcess implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving on http://\\S+:(\\d+) ");

  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int port;

  private NodeProcess(Process process, Path dataDir, Path log, int port) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.port = port;
  }

  /** Starts a node on {@code store} and waits until it serves; its first key is the test key. */
  public static NodeProcess start(StoreLocation store) {
    Path jar = Path.of(System.getProperty("ipaccess.jar", "target/ipaccess.jar"));
    if (!Files.isRegularFile(jar)) {
      fail("the packaged jar " + jar.toAbsolutePath() + " is missing: run ./mvnw verify");
    }
    try {
      Path dataDir = Files.createTempDirectory("ipaccess-node");
      Path log = Files.createTempFile("ipaccess-node", ".log");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "serve",
          "--http-host", "127.0.0.1", "--http-port", "0", "--data-dir", dataDir.toString(),
          "--db-url", store.jdbcUrl(), "--db-user", store.user(), "--no-smtp"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
      builder.environment().put("IPACCESS_ADMIN_API_KEY", RunningServer.KEY);
      Process process = builder.start();
      return new NodeProcess(process, dataDir, log, awaitPort(process, log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}. */
  public String hostAndPort() {
    return "127.0.0.1:" + port;
  }

  /** {@code GET /healthz}: the status and the body. */
  public ApiClient.Reply health() {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://" + hostAndPort() + "/healthz")).build();
    try {
      HttpResponse<String> response = HttpClient.newHttpClient()
          .send(request, HttpResponse.BodyHandlers.ofString());
      return new ApiClient.Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** A client for the first account from {@code sourceAddress}, e.g. 127.0.0.2. */
  public ApiClient client(String sourceAddress) {
    return ApiClient.at(hostAndPort(), RunningServer.KEY, sourceAddress);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      Files.deleteIfExists(log);
      Files.deleteIfExists(dataDir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int awaitPort(Process process, Path log) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          Matcher serving = SERVING.matcher(line);
          if (serving.find()) {
            port.complete(Integer.parseInt(serving.group(1)));
          }
        }
        port.completeExceptionally(new IllegalStateException("the node exited"));
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
    }, "node-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new AssertionError("the node did not start: " + e + "\n" + readLog(log), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String readLog(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
