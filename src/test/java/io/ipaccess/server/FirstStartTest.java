package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipaccess.account.ApiKeys;
import io.ipaccess.store.Database;
import io.ipaccess.store.JdbiAccountStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start creates one account and its key, once. */
class FirstStartTest {

  @TempDir Path dataDir;
  private Database database;
  private JdbiAccountStore accounts;

  @BeforeEach
  void open() {
    database = Database.openEmbedded(dataDir);
    accounts = new JdbiAccountStore(database, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void emptyStore_getsTheDefaultAccountAndAGeneratedKey() {
    String key = FirstStart.bootstrap(accounts, null).orElseThrow();

    assertThat(key).startsWith(ApiKeys.PREFIX).hasSize(47);
    assertThat(accounts.accountsByKeyHash().get(ApiKeys.hash(key)).name()).isEqualTo("default");
  }

  @Test
  void presetKey_isUsedAndNotShown() {
    String preset = "preset-key-0123456789-abcdef";

    assertThat(FirstStart.bootstrap(accounts, preset)).isEmpty();
    assertThat(accounts.accountsByKeyHash()).containsOnlyKeys(ApiKeys.hash(preset));
  }

  @Test
  void storeWithAnAccount_isLeftAlone() {
    FirstStart.bootstrap(accounts, null);

    assertThat(FirstStart.bootstrap(accounts, null)).isEmpty();
    assertThat(accounts.all()).hasSize(1);
    assertThat(accounts.accountsByKeyHash()).hasSize(1);
  }

  @Test
  void shortPresetKey_isRefusedNamingTheVariable() {
    assertThatThrownBy(() -> FirstStart.bootstrap(accounts, "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IPACCESS_ADMIN_API_KEY must be at least 20 visible ASCII characters without"
            + " spaces (it had 6 characters); leave it unset to have a key generated");
    assertThat(accounts.all()).isEmpty();
  }

  @Test
  void presetKeyWithASpace_isRefused() {
    assertThatThrownBy(() -> FirstStart.bootstrap(accounts, "0123456789 0123456789"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("IPACCESS_ADMIN_API_KEY must be at least 20 visible ASCII");
  }
}
