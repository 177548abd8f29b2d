package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The store options refuse what cannot be meant, naming the option, before opening anything. */
class StoreOptionsTest {

  @TempDir Path dataDir;

  @Test
  void dbUrlOfAnotherDatabase_isRefusedNamingTheOptionAndTheInput() {
    Result result = run("accounts", "list", "--db-url", "jdbc:mysql://db:3306/ipaccess");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("ipaccess: --db-url must be a PostgreSQL JDBC URL such as"
        + " jdbc:postgresql://db.example.com:5432/ipaccess, not 'jdbc:mysql://db:3306/ipaccess'\n");
  }

  @Test
  void dbUserWithoutDbUrl_isRefusedRatherThanIgnored() {
    Result result = run("accounts", "list", "--data-dir", dataDir.toString(), "--db-user", "x");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("ipaccess: --db-user needs --db-url: the embedded store"
        + " in --data-dir has no users\n");
  }

  @Test
  void unreachableDatabase_isReportedNamingTheUrlWithoutAStackTrace() {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    Result result = run("accounts", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/ipaccess");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("ipaccess: cannot reach the store at jdbc:postgresql://127.0.0.1:1/ipaccess: ")
        .doesNotContain("\tat ");
  }

  @Test
  void missingDatabase_isReportedInTheDatabasesWordsWithoutAStackTrace() {
    // Creating a database checks that the server is reachable (or skips); its name is then
    // changed to one that does not exist.
    try (TestPostgres postgres = TestPostgres.create()) {
      String url = "jdbc:postgresql://" + TestPostgres.server() + "/" + postgres.name() + "_none";

      Result result = run("accounts", "list", "--db-url", url, "--db-user", TestPostgres.USER);

      assertThat(result.exitCode()).isEqualTo(2);
      assertThat(result.err()).isEqualTo("ipaccess: cannot open the store at " + url
          + ": FATAL: database \"" + postgres.name() + "_none\" does not exist\n");
    }
  }

  private static Result run(String... args) {
    CommandLine commandLine = Main.commandLine();
    StringWriter err = new StringWriter();
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, err.toString().replace(System.lineSeparator(), "\n"));
  }

  private record Result(int exitCode, String err) {}
}
