package io.ipaccess.console;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console's page, style sheet and script modules, read from the jar once at start. Only the
 * files named here are served: there is no directory to list and no path to walk out of.
 */
final class ConsoleAssets {

  private static final String FOLDER = "/console/";
  private static final Map<String, String> TYPES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.css", "text/css; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "api.js", "text/javascript; charset=utf-8",
      "dom.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  private final Map<String, byte[]> contents;

  ConsoleAssets() {
    this.contents = TYPES.keySet().stream()
        .collect(Collectors.toUnmodifiableMap(name -> name, ConsoleAssets::read));
  }

  /** Sends a file; an unknown name is not found. */
  boolean send(Context ctx, String name) {
    Optional<byte[]> body = Optional.ofNullable(contents.get(name));
    if (body.isEmpty()) {
      return false;
    }
    ctx.contentType(TYPES.get(name)).result(body.get());
    return true;
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsoleAssets.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the console file " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console file " + name, e);
    }
  }
}
