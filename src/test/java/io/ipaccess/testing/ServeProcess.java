package io.ipaccess.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./ipaccess serve} as a separate process, as a user starts it: its standard output is
 * read line by line so that a test can wait for the port and the printed key.
 */
public final class ServeProcess implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving on http://\\S+:(\\d+) ");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ServeProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::pump, "serve-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Runs {@code ./ipaccess serve --data-dir DIR ARGS} from the project root, on a free HTTP port
   * unless ARGS name one.
   */
  public static ServeProcess start(Path dataDir, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(
        projectDir().resolve("ipaccess").toString(), "serve", "--smtp-port", "0",
        "--http-host", "127.0.0.1", "--data-dir", dataDir.toString()));
    if (!List.of(args).contains("--http-port")) {
      command.addAll(List.of("--http-port", "0"));
    }
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(projectDir().toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().remove("IPACCESS_ADMIN_API_KEY");
    builder.environment().putAll(env);
    try {
      return new ServeProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project's root, where {@code ./ipaccess} and {@code target/} are. */
  public static Path projectDir() {
    return Path.of(System.getProperty("ipaccess.basedir", ".")).toAbsolutePath();
  }

  /** Waits for the line announcing the port, and returns the port. */
  public int awaitPort(Duration timeout) {
    Matcher matcher = SERVING.matcher(awaitLine("serving on", timeout));
    if (!matcher.find()) {
      throw new AssertionError("no port in " + seen);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /** Waits for a line of standard output containing {@code text}. */
  public String awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (String line : seen) {
        if (line.contains(text)) {
          return line;
        }
      }
      while (System.nanoTime() < deadline) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line != null) {
          seen.add(line);
          if (line.contains(text)) {
            return line;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no line containing '" + text + "' within " + timeout
        + "; output so far: " + seen + (process.isAlive() ? "" : " (process exited)"));
  }

  /** The lines of standard output read so far. */
  public List<String> linesSoFar() {
    lines.drainTo(seen);
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void pump() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("(output closed: " + e.getMessage() + ")");
    }
  }
}
