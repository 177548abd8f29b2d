package io.ipaccess.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code serve} refuses bad forwarding and proxy settings at start, before it opens the store,
 * with a message that names the setting.
 */
class ServeForwardingOptionsTest {

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(delimiter = '|', value = {
      "--trusted-proxies | 10.0.0.1,0.0.0.0/0 | ipaccess: --trusted-proxies '0.0.0.0/0' would"
          + " trust every address, so any client could choose the address it is judged by: list"
          + " the addresses or ranges of your own proxies, e.g. 10.0.0.0/8",
      "--trusted-proxies | ::/0 | ipaccess: --trusted-proxies '::/0' would trust every address,"
          + " so any client could choose the address it is judged by: list the addresses or"
          + " ranges of your own proxies, e.g. 10.0.0.0/8",
      "--trusted-proxies | 10.0.0.300 | ipaccess: --trusted-proxies: '10.0.0.300' has '300',"
          + " above 255: each IPv4 part is a number from 0 to 255, e.g. 192.0.2.1",
      "--client-ip-header | CF-Connecting-IP | ipaccess: --client-ip-header 'CF-Connecting-IP'"
          + " is not supported: use X-Forwarded-For, Forwarded or X-Real-IP",
      "--proxy-upstream | 127.0.0.1:9000 | ipaccess: --proxy-upstream '127.0.0.1:9000' is not"
          + " usable: it needs the scheme http:// or https://, e.g. http://127.0.0.1:9000",
      "--proxy-port | 9001 | ipaccess: --proxy-port needs --proxy-upstream: the reverse proxy"
          + " runs only when it knows where to forward requests",
  })
  void badSetting_stopsTheStartNamingIt(String option, String value, String message)
      throws IOException {
    Path dataDir = Files.createTempDirectory("ipaccess-cli");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));

    int exit = cli.execute("serve", "--data-dir", dataDir.toString(), "--http-port", "0",
        option, value);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip()).startsWith(message);
    try (var files = Files.list(dataDir)) {
      assertThat(files).as("nothing was created in the data directory").isEmpty();
    }
    Files.delete(dataDir);
  }

  @Test
  void help_listsTheNewOptions() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    cli.execute("serve", "--help");

    assertThat(out.toString()).contains("--trusted-proxies", "--client-ip-header",
        "--proxy-upstream", "--proxy-port");
  }
}
