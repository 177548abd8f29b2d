package io.ipaccess.proxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.api.ApiGuard;
import io.ipaccess.api.ErrorBody;
import io.ipaccess.http.AccessDecision;
import io.ipaccess.http.Authorizer;
import io.ipaccess.console.Console;
import io.ipaccess.http.ClientAddressResolver;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's reverse proxy handler behind the API's door: each request is decided by {@link
 * Authorizer} first, and only an admitted one is forwarded to the upstream with its method, path,
 * query, headers and streamed body. Jetty drops the hop-by-hop headers (and those that {@code
 * Connection} names) both ways and adds {@code Via} and {@code Forwarded}; this class adds the
 * peer to {@code X-Forwarded-For} and keeps the ipaccess key from the upstream.
 *
 * <p>A refused request gets the API's error body and never reaches the upstream. An upstream that
 * cannot be reached gives 502 (504 on a time-out) with an error body that says so.
 */
final class GuardedProxyHandler extends ProxyHandler.Reverse {

  private static final Logger LOG = LoggerFactory.getLogger(GuardedProxyHandler.class);
  private static final String X_REAL_IP = "X-Real-IP";
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final Authorizer authorizer;
  private final ProxyUpstream upstream;
  private final ObjectMapper json;

  GuardedProxyHandler(ProxyUpstream upstream, Authorizer authorizer, ObjectMapper json) {
    super(request -> HttpURI.build(request.getHttpURI())
        .scheme(upstream.scheme()).host(upstream.host()).port(upstream.port()));
    this.authorizer = authorizer;
    this.upstream = upstream;
    this.json = json;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    AccessDecision decision = authorizer.decide(
        request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request),
        name -> request.getHeaders().getValuesList(name));
    if (!decision.allowed()) {
      writeError(response, callback, decision.status(), decision.message());
      return true;
    }
    return super.handle(request, response, callback);
  }

  /**
   * The key authenticates the client to ipaccess only; the upstream does not get it. Nor does it
   * get ipaccess's console session cookie and CSRF token (a browser sends the cookie to every
   * port of the host, so a guarded service could otherwise act as the signed-in user), or a
   * client's own {@code X-Real-IP}, which an upstream might believe.
   */
  @Override
  protected void copyRequestHeaders(Request clientToProxyRequest,
      org.eclipse.jetty.client.Request proxyToServerRequest) {
    super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
    List<String> cookies = clientToProxyRequest.getHeaders().getValuesList(HttpHeader.COOKIE);
    proxyToServerRequest.headers(headers -> {
      headers.remove(HttpHeader.AUTHORIZATION);
      headers.remove(ApiGuard.CSRF_HEADER);
      headers.remove(X_REAL_IP);
      headers.remove(HttpHeader.COOKIE);
      for (String cookie : cookies) {
        String kept = withoutSessionCookie(cookie);
        if (!kept.isEmpty()) {
          headers.add(HttpHeader.COOKIE, kept);
        }
      }
    });
  }

  /** A {@code Cookie} header value without ipaccess's own session cookie. */
  static String withoutSessionCookie(String cookieHeader) {
    return Arrays.stream(cookieHeader.split(";"))
        .map(String::strip)
        .filter(pair -> !pair.isEmpty() && !pair.startsWith(Console.COOKIE + "="))
        .collect(Collectors.joining("; "));
  }

  /**
   * Appends the TCP peer to {@code X-Forwarded-For}, after the values received: an upstream that
   * trusts only this proxy reads the rightmost value, which the client cannot forge.
   */
  @Override
  protected void addProxyHeaders(Request clientToProxyRequest,
      org.eclipse.jetty.client.Request proxyToServerRequest) {
    super.addProxyHeaders(clientToProxyRequest, proxyToServerRequest);
    String peer = ClientAddressResolver.peer(Request.getRemoteAddr(clientToProxyRequest))
        .toString();
    String received = String.join(", ",
        clientToProxyRequest.getHeaders().getValuesList(X_FORWARDED_FOR));
    String value = received.isBlank() ? peer : received + ", " + peer;
    proxyToServerRequest.headers(headers -> headers.put(new HttpField(X_FORWARDED_FOR, value)));
  }

  @Override
  protected void onServerToProxyResponseFailure(Request clientToProxyRequest,
      org.eclipse.jetty.client.Request proxyToServerRequest,
      org.eclipse.jetty.client.Response serverToProxyResponse, Response proxyToClientResponse,
      Callback proxyToClientCallback, Throwable failure) {
    if (proxyToClientResponse.isCommitted()) {
      super.onServerToProxyResponseFailure(clientToProxyRequest, proxyToServerRequest,
          serverToProxyResponse, proxyToClientResponse, proxyToClientCallback, failure);
      return;
    }
    boolean timedOut = failure instanceof TimeoutException;
    LOG.warn("event=upstream_failed upstream={} reason={}", upstream, failure.toString());
    proxyToClientResponse.getHeaders().clear();
    writeError(proxyToClientResponse, proxyToClientCallback, timedOut ? 504 : 502, timedOut
        ? "bad gateway: the upstream service did not answer in time"
        : "bad gateway: the upstream service could not be reached or broke off its answer");
  }

  private void writeError(Response response, Callback callback, int status, String message) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(ErrorBody.of(null, message));
    } catch (JsonProcessingException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
