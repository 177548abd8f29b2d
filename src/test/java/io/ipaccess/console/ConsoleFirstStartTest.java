package io.ipaccess.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.server.IpAccessServer;
import io.ipaccess.server.ServerConfig;
import io.ipaccess.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first start creates the admin user once, with a generated or a preset password. */
class ConsoleFirstStartTest {

  private Path dataDir;
  private ServerConfig config;

  @BeforeEach
  void createStore() throws IOException {
    dataDir = Files.createTempDirectory("ipaccess-first-start");
    ServerConfig defaults = ServerConfig.defaults(dataDir);
    config = new ServerConfig(dataDir, "127.0.0.1", 0, Optional.empty(),
        defaults.attemptBufferSize(), 100, 100);
  }

  @AfterEach
  void deleteStore() throws IOException {
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void firstStart_generatesAPasswordOnce_thatSignsIn() {
    String password;
    try (IpAccessServer server = IpAccessServer.start(config, null, AdminPreset.generated())) {
      password = server.generatedAdminPassword().orElseThrow();
    }

    try (IpAccessServer again = IpAccessServer.start(config, null, AdminPreset.generated());
        Database database = Database.openEmbedded(dataDir)) {
      assertThat(again.generatedAdminPassword()).isEmpty();
      ConsoleUsers users = new ConsoleUsers(database, Clock.systemUTC());
      assertThat(users.authenticate("admin", password)).isPresent();
      assertThat(users.authenticate("admin", password + "x")).isEmpty();
    }
  }

  @Test
  void presetPassword_isUsedAndNotShown() {
    AdminPreset preset = new AdminPreset("ops", "a preset password for ops");
    try (IpAccessServer server = IpAccessServer.start(config, null, preset);
        Database database = Database.openEmbedded(dataDir)) {
      assertThat(server.generatedAdminPassword()).isEmpty();
      ConsoleUser user = new ConsoleUsers(database, Clock.systemUTC())
          .authenticate("ops", "a preset password for ops").orElseThrow();
      assertThat(user.account().name()).isEqualTo("default");
    }
  }
}
