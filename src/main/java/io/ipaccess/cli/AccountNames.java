package io.ipaccess.cli;

import java.util.regex.Pattern;

/** The rule for account names, checked before anything is stored. */
final class AccountNames {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private AccountNames() {}

  static void check(String name) {
    if (!ALLOWED.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a valid account name: use 1 to"
          + " 100 letters, digits, '.', '_' or '-'");
    }
  }
}
