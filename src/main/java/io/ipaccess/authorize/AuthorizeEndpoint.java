package io.ipaccess.authorize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.api.ErrorBody;
import io.ipaccess.http.AccessDecision;
import io.ipaccess.http.Authorizer;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /authorize}: the decision endpoint for nginx {@code auth_request}, Traefik {@code
 * forwardAuth} and Envoy {@code ext_authz} (HTTP). It answers any method, and any path below
 * {@code /authorize/} because Envoy appends the original path:
 *
 * <ul>
 *   <li>204 when the key is valid and the account's list admits the client;
 *   <li>401 when the key is missing or not valid;
 *   <li>403 when the list does not admit the client, or a trusted proxy's header cannot be read.
 * </ul>
 *
 * <p>Every answer with a judged address carries it in {@value #CLIENT_IP_HEADER}, so that the
 * proxy in front can log it or pass it on. Refusals have the API's error body.
 *
 * <p>It is a Jetty handler in front of the web framework rather than one of its routes: a proxy
 * asks here once per request it guards, and skipping the servlet layer and the router took the
 * endpoint from about 51,000 to about 60,000 requests per second on 2 cores (BENCHMARKS.md).
 */
public final class AuthorizeEndpoint extends Handler.Wrapper {

  /** The response header that holds the address the request was judged by. */
  public static final String CLIENT_IP_HEADER = "X-Ipaccess-Client-Ip";

  private static final String PATH = "/authorize";

  private final Authorizer authorizer;
  private final ObjectMapper json;

  public AuthorizeEndpoint(Authorizer authorizer, ObjectMapper json) {
    this.authorizer = authorizer;
    this.json = json;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
      return super.handle(request, response, callback);
    }
    AccessDecision decision = authorizer.decide(
        request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request),
        name -> request.getHeaders().getValuesList(name));
    if (decision.client() != null) {
      response.getHeaders().put(CLIENT_IP_HEADER, decision.client().toString());
    }
    response.setStatus(decision.status());
    if (decision.allowed()) {
      callback.succeeded();
      return true;
    }
    byte[] body = json.writeValueAsBytes(ErrorBody.of(null, decision.message()));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
