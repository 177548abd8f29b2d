package io.ipaccess.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the first console user from IPACCESS_ADMIN_USER and IPACCESS_ADMIN_PASSWORD. */
class AdminPresetTest {

  @Test
  void nothingSet_isAdminWithAGeneratedPassword() {
    assertThat(AdminPreset.fromEnvironment(Map.of())).isEqualTo(new AdminPreset("admin", null));
  }

  @Test
  void bothSet_areUsed() {
    AdminPreset preset = AdminPreset.fromEnvironment(Map.of("IPACCESS_ADMIN_USER", " ops ",
        "IPACCESS_ADMIN_PASSWORD", "a long enough password"));

    assertThat(preset).isEqualTo(new AdminPreset("ops", "a long enough password"));
  }

  @Test
  void shortPassword_stopsTheStartNamingTheSettingButNotThePassword() {
    assertThatThrownBy(() -> AdminPreset.fromEnvironment(
        Map.of("IPACCESS_ADMIN_PASSWORD", "hunter2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("IPACCESS_ADMIN_PASSWORD must be 12 to 256 characters long, not 7");
  }

  @Test
  void invalidUserName_stopsTheStartNamingTheSetting() {
    assertThatThrownBy(() -> AdminPreset.fromEnvironment(Map.of("IPACCESS_ADMIN_USER", "a b")))
        .hasMessage("IPACCESS_ADMIN_USER: 'a b' is not a valid user name: use 1 to 100 letters,"
            + " digits, '.', '_', '@' or '-'");
  }
}
