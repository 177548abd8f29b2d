package io.ipaccess.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads the cases in {@code ../shared/testdata}, which every implementation of ipaccess must pass.
 *
 * <p>The folder sits beside the repository, not in it. Where it is absent a test that needs it is
 * skipped with a printed reason, unless the system property {@code ipaccess.shared.required} is
 * {@code true} (as {@code .ci/run} sets it), in which case the test fails.
 */
public final class SharedTestData {

  private SharedTestData() {}

  /** The shared folder, or a skipped (or, in CI, failed) test when it is absent. */
  public static Path sharedDir() {
    Path dir = Path.of(System.getProperty("ipaccess.shared.dir", "../shared"));
    if (Files.isDirectory(dir)) {
      return dir;
    }
    String reason = "shared test data not found at " + dir.toAbsolutePath();
    if (Boolean.getBoolean("ipaccess.shared.required")) {
      fail(reason + " (ipaccess.shared.required is true)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  /** A file under the shared folder, e.g. {@code testdata/entries.tsv}. */
  public static Path file(String relativePath) {
    return sharedDir().resolve(relativePath);
  }

  /** The rows of a shared TSV file: comments and blank lines dropped, cells unescaped. */
  public static List<List<String>> rows(String relativePath) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file(relativePath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + relativePath, e);
    }
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> cells = new ArrayList<>();
      for (String cell : line.split("\t", -1)) {
        cells.add(unescape(cell));
      }
      rows.add(List.copyOf(cells));
    }
    return List.copyOf(rows);
  }

  /** Undoes the escapes of the shared files: backslash t, n, backslash, and u with 4 hex digits. */
  static String unescape(String cell) {
    StringBuilder out = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c != '\\' || i + 1 == cell.length()) {
        out.append(c);
        continue;
      }
      char next = cell.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case '\\' -> out.append('\\');
        case 'u' -> {
          out.append((char) Integer.parseInt(cell.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append('\\').append(next);
      }
    }
    return out.toString();
  }
}
