package io.ipaccess.console;

import java.util.Map;

/**
 * The first console user as the environment presets it: {@code IPACCESS_ADMIN_USER} (default
 * {@code admin}) and {@code IPACCESS_ADMIN_PASSWORD} (default: generated and shown once).
 *
 * @param username the user name
 * @param password the password, or {@code null} to generate one
 */
public record AdminPreset(String username, String password) {

  public static final String USER_ENV = "IPACCESS_ADMIN_USER";
  public static final String PASSWORD_ENV = "IPACCESS_ADMIN_PASSWORD";
  public static final String DEFAULT_USERNAME = "admin";

  /** Reads and checks the two settings; a bad value stops the start with its setting's name. */
  public static AdminPreset fromEnvironment(Map<String, String> env) {
    String username = env.getOrDefault(USER_ENV, "");
    username = username.isBlank() ? DEFAULT_USERNAME : username.strip();
    try {
      ConsoleUsers.checkUsername(username);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(USER_ENV + ": " + e.getMessage(), e);
    }
    String password = env.get(PASSWORD_ENV);
    if (password == null || password.isEmpty()) {
      return new AdminPreset(username, null);
    }
    Passwords.check(password, PASSWORD_ENV);
    return new AdminPreset(username, password);
  }

  /** The default user {@code admin} with a generated password. */
  public static AdminPreset generated() {
    return new AdminPreset(DEFAULT_USERNAME, null);
  }
}
