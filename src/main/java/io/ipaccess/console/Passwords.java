package io.ipaccess.console;

import java.security.SecureRandom;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Hashes and checks console passwords with Argon2id (Spring Security's encoder on Bouncy Castle,
 * pure Java), and makes random ones for the first start.
 */
final class Passwords {

  /** The shortest password accepted. */
  static final int MIN_LENGTH = 12;
  /** The longest password accepted; hashing cost grows with the input. */
  static final int MAX_LENGTH = 256;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int GENERATED_LENGTH = 20;

  // 16 MiB, 2 passes, one lane: a login costs tens of milliseconds, a guess costs as much.
  private final Argon2PasswordEncoder encoder =
      Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  // Checked when the user name is unknown, so that a login takes as long either way.
  private final String decoyHash = encoder.encode("decoy password for unknown users");

  String hash(String password) {
    check(password, "the password");
    return encoder.encode(password);
  }

  boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  /** Spends the time of a check, for a user that does not exist. */
  void matchDecoy(String password) {
    encoder.matches(password, decoyHash);
  }

  /** A random password of 20 letters and digits (about 116 bits). */
  static String generate() {
    StringBuilder password = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  /** Refuses a password outside the length limits; the message never repeats the password. */
  static void check(String password, String what) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new IllegalArgumentException(what + " must be " + MIN_LENGTH + " to " + MAX_LENGTH
          + " characters long, not " + length);
    }
  }
}
