package io.ipaccess.testing;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.HttpClients;

/**
 * The official SendGrid Java client, pointed at a test server over plain HTTP, optionally from a
 * chosen loopback source address (so that a test can be a client at 127.0.0.2).
 */
public final class SendGridClients {

  private SendGridClients() {}

  /** A client with the given key, connecting from the default source address. */
  public static SendGrid client(RunningServer server, String apiKey) {
    return client(server, apiKey, null);
  }

  /** A client with the given key, connecting from {@code sourceAddress} (e.g. 127.0.0.2). */
  public static SendGrid client(RunningServer server, String apiKey, String sourceAddress) {
    return client(server.hostAndPort(), apiKey, sourceAddress);
  }

  /** A client for the node at {@code host:port}, connecting from {@code sourceAddress}. */
  public static SendGrid client(String hostAndPort, String apiKey, String sourceAddress) {
    RequestConfig.Builder config = RequestConfig.custom();
    if (sourceAddress != null) {
      try {
        // A literal address: no name lookup.
        config.setLocalAddress(InetAddress.getByName(sourceAddress));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(sourceAddress, e);
      }
    }
    Client http = new Client(
        HttpClients.custom().setDefaultRequestConfig(config.build()).build(), true);
    SendGrid sendGrid = new SendGrid(apiKey, http);
    sendGrid.setHost(hostAndPort);
    return sendGrid;
  }

  /** Calls {@code /v3/<endpoint>} and returns the response, whatever its status. */
  public static Response call(SendGrid sendGrid, Method method, String endpoint, String body) {
    Request request = new Request();
    request.setMethod(method);
    int query = endpoint.indexOf('?');
    request.setEndpoint(query < 0 ? endpoint : endpoint.substring(0, query));
    if (query >= 0) {
      for (String pair : endpoint.substring(query + 1).split("&")) {
        String[] parts = pair.split("=", 2);
        request.addQueryParam(parts[0], parts.length > 1 ? parts[1] : "");
      }
    }
    if (body != null) {
      request.setBody(body);
    }
    try {
      return sendGrid.api(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
