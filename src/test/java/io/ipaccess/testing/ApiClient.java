package io.ipaccess.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import java.util.List;
import java.util.stream.Collectors;

/** A test's view of the API through the official SendGrid client: status and parsed body. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SendGrid sendGrid;

  private ApiClient(SendGrid sendGrid) {
    this.sendGrid = sendGrid;
  }

  /** A client for the server's first account, from the default source address. */
  public static ApiClient of(RunningServer server) {
    return new ApiClient(SendGridClients.client(server, RunningServer.KEY));
  }

  /** A client for the server's first account, from a chosen loopback source address. */
  public static ApiClient from(RunningServer server, String sourceAddress) {
    return new ApiClient(SendGridClients.client(server, RunningServer.KEY, sourceAddress));
  }

  /** A client with any key, from a chosen loopback source address. */
  public static ApiClient withKey(RunningServer server, String key, String sourceAddress) {
    return new ApiClient(SendGridClients.client(server, key, sourceAddress));
  }

  /** A client for the node at {@code host:port}, with any key, from a chosen source address. */
  public static ApiClient at(String hostAndPort, String key, String sourceAddress) {
    return new ApiClient(SendGridClients.client(hostAndPort, key, sourceAddress));
  }

  public Reply get(String endpoint) {
    return call(Method.GET, endpoint, null);
  }

  public Reply post(String endpoint, String body) {
    return call(Method.POST, endpoint, body);
  }

  public Reply delete(String endpoint, String body) {
    return call(Method.DELETE, endpoint, body);
  }

  /** Adds entries with {@code POST /v3/access_settings/whitelist}. */
  public Reply add(String... ips) {
    return post("access_settings/whitelist", ipsBody(List.of(ips)));
  }

  /** The canonical entries on the list, in id order. */
  public List<String> entries() {
    Reply reply = get("access_settings/whitelist");
    if (reply.status() != 200) {
      throw new AssertionError("listing entries failed: " + reply);
    }
    return reply.json().get("result").findValuesAsText("ip");
  }

  /** {@code {"ips":[{"ip":"a"},...]}}. */
  public static String ipsBody(List<String> ips) {
    return "{\"ips\":[" + ips.stream()
        .map(ip -> "{\"ip\":" + quote(ip) + "}")
        .collect(Collectors.joining(",")) + "]}";
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Reply call(Method method, String endpoint, String body) {
    Response response = SendGridClients.call(sendGrid, method, endpoint, body);
    return new Reply(response.getStatusCode(), response.getBody());
  }

  /** A response: its status and body. */
  public record Reply(int status, String body) {

    /** The body parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The message of the first error. */
    public String firstMessage() {
      return json().get("errors").get(0).get("message").asText();
    }
  }
}
