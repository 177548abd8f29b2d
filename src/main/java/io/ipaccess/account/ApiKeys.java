package io.ipaccess.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes API keys and the hashes they are stored under.
 *
 * <p>A key is 32 random bytes, so a fast hash (SHA-256) is enough to store it: unlike a password
 * it cannot be guessed from a dictionary, and hashing it must stay cheap because every request
 * presents one.
 */
public final class ApiKeys {

  /** Every generated key starts with this, so that it is easy to spot in a leaked file. */
  public static final String PREFIX = "ipa_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PREFIX_SHOWN_CHARS = 10;

  private ApiKeys() {}

  /** A new random key, e.g. {@code ipa_Qm9v...} (47 characters). */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hex SHA-256 of a key, as stored. */
  public static String hash(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The first characters of a key, stored so that an operator can tell keys apart. */
  public static String shownPrefix(String key) {
    return key.substring(0, Math.min(PREFIX_SHOWN_CHARS, key.length()));
  }
}
