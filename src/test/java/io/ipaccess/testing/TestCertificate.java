package io.ipaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made at test time with the JDK's keytool, written as
 * the PEM files an operator would give ipaccess. No private key is kept in the repository.
 */
public record TestCertificate(Path certificate, Path privateKey) {

  private static final char[] PASSWORD = "test-only".toCharArray();

  /** Makes a new key pair and certificate in {@code dir}. */
  public static TestCertificate create(Path dir) throws IOException, InterruptedException,
      GeneralSecurityException {
    Path store = dir.resolve("relay.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(keytool, "-genkeypair", "-keyalg", "EC", "-groupname",
        "secp256r1", "-alias", "relay", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass",
        new String(PASSWORD)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    Key key = keys.getKey("relay", PASSWORD);
    Certificate cert = keys.getCertificate("relay");
    Path certFile = dir.resolve("relay-cert.pem");
    Path keyFile = dir.resolve("relay-key.pem");
    Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    Files.delete(store);
    return new TestCertificate(certFile, keyFile);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
