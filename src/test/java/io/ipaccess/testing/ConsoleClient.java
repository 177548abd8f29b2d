package io.ipaccess.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.BasicCookieStore;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * A browser-like HTTP client of the web console, from a chosen loopback source address (so that
 * a test can sign in from 127.0.0.2, which a browser cannot choose). It keeps the session cookie
 * and, once signed in, sends the session's CSRF token on changes as the page does.
 */
public final class ConsoleClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final BasicCookieStore cookies = new BasicCookieStore();
  private final CloseableHttpClient http;
  private String csrfToken;

  private ConsoleClient(String baseUrl, String sourceAddress) {
    this.baseUrl = baseUrl;
    RequestConfig.Builder config = RequestConfig.custom();
    try {
      // A literal address: no name lookup.
      config.setLocalAddress(InetAddress.getByName(sourceAddress));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(sourceAddress, e);
    }
    this.http = HttpClients.custom()
        .setDefaultCookieStore(cookies)
        .setDefaultRequestConfig(config.build())
        .disableRedirectHandling()
        .build();
  }

  /** A client of the server's console, connecting from {@code sourceAddress}. */
  public static ConsoleClient from(RunningServer server, String sourceAddress) {
    return new ConsoleClient(server.baseUrl(), sourceAddress);
  }

  /** Signs in; on success keeps the CSRF token for later changes. */
  public Reply login(String username, String password) {
    Reply reply = post("/console/api/login", json(Map.of("username", username,
        "password", password)), false);
    if (reply.status() == 200) {
      csrfToken = reply.json().get("csrf_token").asText();
    }
    return reply;
  }

  public Reply get(String path) {
    return send(new HttpGet(baseUrl + path));
  }

  /** A change with the session's CSRF token, as the page sends it. */
  public Reply post(String path, String jsonBody) {
    return post(path, jsonBody, true);
  }

  /** A change without the CSRF token, as a forged request would come. */
  public Reply postWithoutCsrf(String path, String jsonBody) {
    return post(path, jsonBody, false);
  }

  private Reply post(String path, String jsonBody, boolean withCsrf) {
    HttpPost post = new HttpPost(baseUrl + path);
    if (jsonBody != null) {
      post.setEntity(new StringEntity(jsonBody, ContentType.APPLICATION_JSON));
    }
    if (withCsrf && csrfToken != null) {
      post.setHeader("X-CSRF-Token", csrfToken);
    }
    return send(post);
  }

  private Reply send(HttpRequestBase request) {
    try (CloseableHttpResponse response = http.execute(request)) {
      String body = response.getEntity() == null
          ? ""
          : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
      List<String> setCookies = Arrays.stream(response.getHeaders("Set-Cookie"))
          .map(Header::getValue)
          .toList();
      return new Reply(response.getStatusLine().getStatusCode(), body, setCookies);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response: status, body and the cookies it set. */
  public record Reply(int status, String body, List<String> setCookies) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String firstMessage() {
      return json().get("errors").get(0).get("message").asText();
    }
  }
}
