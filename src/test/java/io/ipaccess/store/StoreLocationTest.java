package io.ipaccess.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --db-url} accepts PostgreSQL URLs only, and a location never shows its password. */
class StoreLocationTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "postgresql://db:5432/ipaccess",    // the JDBC prefix is missing
      "jdbc:mysql://db:3306/ipaccess",    // another database
      "jdbc:h2:mem:test",                 // the embedded store is chosen with --data-dir
      "jdbc:postgresql://",               // no host or database at all
  })
  void notAPostgresqlUrl_isRefusedNamingTheSettingAndTheInput(String url) {
    assertThatThrownBy(() -> StoreLocation.postgresql(url, "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--db-url must be a PostgreSQL JDBC URL such as"
            + " jdbc:postgresql://db.example.com:5432/ipaccess, not '" + url + "'");
  }

  @Test
  void postgresqlUrl_selectsThePostgresqlDialect() {
    assertThat(StoreLocation.postgresql("jdbc:postgresql://db:5432/ipaccess", null, null)
        .dialect()).isEqualTo(StoreDialect.POSTGRESQL);
  }

  @Test
  void toString_showsNeitherThePasswordNorTheUrlParameters() {
    StoreLocation location = StoreLocation.postgresql(
        "jdbc:postgresql://db:5432/ipaccess?password=url-secret", "ipaccess", "option-secret");

    assertThat(location.toString())
        .isEqualTo("StoreLocation[jdbc:postgresql://db:5432/ipaccess, user=ipaccess]");
  }
}
