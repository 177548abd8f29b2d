package io.ipaccess.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Builds the relay's server {@link SSLContext} from PEM files, with the JDK alone: a certificate
 * chain ({@code BEGIN CERTIFICATE}, leaf first) and an unencrypted PKCS#8 private key ({@code
 * BEGIN PRIVATE KEY}; RSA, EC or Ed25519). Other key forms are refused with the command that
 * converts them.
 */
final class PemTlsContext {

  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

  private PemTlsContext() {}

  /**
   * The context for these files.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static SSLContext load(SmtpConfig.TlsFiles files) {
    Certificate[] chain = certificates(files.certificate());
    PrivateKey key = privateKey(files.privateKey());
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, password);
      store.setKeyEntry("smtp", key, password, chain);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(
          KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("--smtp-tls-key " + files.privateKey() + " does not"
          + " match --smtp-tls-cert " + files.certificate() + ": " + e.getMessage(), e);
    }
  }

  private static Certificate[] certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Certificate[] chain = CertificateFactory.getInstance("X.509").generateCertificates(in)
          .toArray(new Certificate[0]);
      if (chain.length == 0) {
        throw new IllegalArgumentException("--smtp-tls-cert " + file + " holds no certificate");
      }
      return chain;
    } catch (IOException e) {
      throw new IllegalArgumentException("--smtp-tls-cert " + file + " cannot be read: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("--smtp-tls-cert " + file + " is not a PEM certificate"
          + " chain: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("--smtp-tls-key " + file + " cannot be read: " + e, e);
    }
    int begin = text.indexOf(KEY_BEGIN);
    int end = text.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("--smtp-tls-key " + file + " is not an unencrypted"
          + " PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt"
          + " -in " + file + " -out key.pem");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--smtp-tls-key " + file + " has a body that is not"
          + " Base64", e);
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm: PKCS#8 names it inside, and the next factory may read it.
      }
    }
    throw new IllegalArgumentException("--smtp-tls-key " + file + " is not an RSA, EC or"
        + " Ed25519 PKCS#8 key");
  }
}
