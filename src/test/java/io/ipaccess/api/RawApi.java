package io.ipaccess.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.testing.RunningServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Plain HTTP calls to a test server, for the requests the SendGrid client cannot make: a missing
 * key, a broken body, a body on any method. Every call has a deadline, so a hung server fails the
 * test instead of stalling it.
 */
final class RawApi {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private final RunningServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(DEADLINE).version(HttpClient.Version.HTTP_1_1).build();

  RawApi(RunningServer server) {
    this.server = server;
  }

  /** Sends a request with the test key; {@code body} may be null for none. */
  HttpResponse<String> send(String method, String pathAndQuery, String body) {
    return send(method, pathAndQuery, "Bearer " + RunningServer.KEY, body);
  }

  /** Sends a request; {@code authorization} and {@code body} may be null to leave them out. */
  HttpResponse<String> send(String method, String pathAndQuery, String authorization,
      String body) {
    URI uri = URI.create(server.baseUrl() + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(DEADLINE)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + pathAndQuery, e);
    }
  }

  /** The allow list as {@code GET /v3/access_settings/whitelist} returns it, status checked. */
  JsonNode entries() {
    HttpResponse<String> response = send("GET", "/v3/access_settings/whitelist", null);
    if (response.statusCode() != 200) {
      throw new AssertionError("listing entries gave " + response.statusCode() + ": "
          + response.body());
    }
    return parse(response.body()).get("result");
  }

  /** Adds entries, expecting 201, and returns the {@code result} array. */
  JsonNode add(String... ips) {
    StringBuilder body = new StringBuilder("{\"ips\":[");
    for (int i = 0; i < ips.length; i++) {
      body.append(i == 0 ? "" : ",").append("{\"ip\":\"").append(ips[i]).append("\"}");
    }
    HttpResponse<String> response =
        send("POST", "/v3/access_settings/whitelist", body.append("]}").toString());
    if (response.statusCode() != 201) {
      throw new AssertionError("adding " + String.join(", ", ips) + " gave "
          + response.statusCode() + ": " + response.body());
    }
    return parse(response.body()).get("result");
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
