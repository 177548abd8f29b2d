package io.ipaccess.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Plain HTTP requests from a chosen loopback source address (e.g. 127.0.0.2), with any headers,
 * through Apache HttpClient; for tests of doors other than the SendGrid API.
 */
public final class LoopbackHttp implements AutoCloseable {

  private final CloseableHttpClient client;

  private LoopbackHttp(CloseableHttpClient client) {
    this.client = client;
  }

  /** A client whose connections come from {@code sourceAddress}. */
  public static LoopbackHttp from(String sourceAddress) {
    try {
      RequestConfig config = RequestConfig.custom()
          .setLocalAddress(InetAddress.getByName(sourceAddress))
          .setRedirectsEnabled(false)
          .build();
      return new LoopbackHttp(HttpClients.custom().setDefaultRequestConfig(config)
          .disableContentCompression().disableAutomaticRetries().build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request with a body-less or small body and reads the whole answer. */
  public Reply send(String method, String url, Map<String, List<String>> headers) {
    return send(method, url, headers, null, -1);
  }

  /**
   * Sends a request, streaming {@code body} (of {@code length} bytes) when it is not null, and
   * reads the whole answer.
   */
  public Reply send(String method, String url, Map<String, List<String>> headers,
      InputStream body, long length) {
    RequestBuilder request = RequestBuilder.create(method).setUri(url);
    headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
    if (body != null) {
      request.setEntity(new InputStreamEntity(body, length));
    }
    try (CloseableHttpResponse response = client.execute(request.build())) {
      List<String[]> received = new ArrayList<>();
      for (Header header : response.getAllHeaders()) {
        received.add(new String[] {header.getName(), header.getValue()});
      }
      HttpEntity entity = response.getEntity();
      byte[] content = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
      return new Reply(response.getStatusLine().getStatusCode(), received, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An answer: status, headers in order as {name, value}, and the body. */
  public record Reply(int status, List<String[]> headers, byte[] body) {

    /** The first value of a header, in any letter case, or null. */
    public String header(String name) {
      for (String[] header : headers) {
        if (header[0].equalsIgnoreCase(name)) {
          return header[1];
        }
      }
      return null;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
