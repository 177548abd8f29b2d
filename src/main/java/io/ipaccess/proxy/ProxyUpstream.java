package io.ipaccess.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the reverse proxy forwards admitted requests ({@code --proxy-upstream}): a scheme, a host
 * and a port, e.g. {@code http://127.0.0.1:9000}. Requests keep their own path and query, so the
 * upstream has no path of its own.
 *
 * @param scheme {@code http} or {@code https}
 * @param host a host name or address; IPv6 in brackets, e.g. {@code [::1]}
 * @param port the port; the scheme's default when the URL gives none
 */
public record ProxyUpstream(String scheme, String host, int port) {

  /**
   * Parses {@code --proxy-upstream}.
   *
   * @throws IllegalArgumentException naming the setting, quoting the value and saying what is
   *     allowed
   */
  public static ProxyUpstream parse(String text) {
    String stripped = text == null ? "" : text.strip();
    String lower = stripped.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw invalid(text, "it needs the scheme http:// or https://");
    }
    URI uri;
    try {
      uri = new URI(stripped);
    } catch (URISyntaxException e) {
      throw invalid(text, "it is not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null) {
      throw invalid(text, "it has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(text, "it has user information, which would be sent to the upstream");
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")
        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(text, "it has a path, query or fragment: requests keep their own path and"
          + " query, so give only scheme, host and port");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new ProxyUpstream(scheme, uri.getHost(), port);
  }

  /** The URL, e.g. {@code http://127.0.0.1:9000}. */
  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException("--proxy-upstream '" + text + "' is not usable: "
        + problem + ", e.g. http://127.0.0.1:9000");
  }
}
