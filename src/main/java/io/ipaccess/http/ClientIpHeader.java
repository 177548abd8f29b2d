package io.ipaccess.http;

import java.util.Locale;

/**
 * The one forwarding header that {@code --client-ip-header} picks for reading the client address
 * from a trusted proxy. The others are ignored, so that a client cannot add a second header that
 * a proxy does not know to overwrite.
 */
public enum ClientIpHeader {
  /** {@code X-Forwarded-For: client, proxy1, proxy2}; the default. */
  X_FORWARDED_FOR("X-Forwarded-For"),
  /** RFC 7239 {@code Forwarded: for=192.0.2.1;proto=https, for="[2001:db8::1]:443"}. */
  FORWARDED("Forwarded"),
  /** {@code X-Real-IP: client}, one address set by the proxy. */
  X_REAL_IP("X-Real-IP");

  private final String headerName;

  ClientIpHeader(String headerName) {
    this.headerName = headerName;
  }

  /** The header's name as it is sent, e.g. {@code X-Forwarded-For}. */
  public String headerName() {
    return headerName;
  }

  /**
   * The header with this name, in any letter case.
   *
   * @throws IllegalArgumentException naming the setting and the allowed headers
   */
  public static ClientIpHeader parse(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (ClientIpHeader header : values()) {
      if (header.headerName.toLowerCase(Locale.ROOT).equals(wanted)) {
        return header;
      }
    }
    throw new IllegalArgumentException("--client-ip-header '" + name + "' is not supported: use"
        + " X-Forwarded-For, Forwarded or X-Real-IP");
  }
}
