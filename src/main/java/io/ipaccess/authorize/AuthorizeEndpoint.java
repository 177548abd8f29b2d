package io.ipaccess.authorize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.api.ErrorBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;

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
 */
public final class AuthorizeEndpoint {

  /** The response header that holds the address the request was judged by. */
  public static final String CLIENT_IP_HEADER = "X-Ipaccess-Client-Ip";

  private final Authorizer authorizer;
  private final ObjectMapper json;

  public AuthorizeEndpoint(Authorizer authorizer, ObjectMapper json) {
    this.authorizer = authorizer;
    this.json = json;
  }

  /** Adds {@code /authorize} and {@code /authorize/*} for the common HTTP methods. */
  public void register(RoutesConfig routes) {
    for (HandlerType method : HandlerType.commonHttp()) {
      routes.addHttpHandler(method, "/authorize", this::handle);
      routes.addHttpHandler(method, "/authorize/*", this::handle);
    }
  }

  private void handle(Context ctx) throws JsonProcessingException {
    HttpServletRequest request = ctx.req();
    AccessDecision decision = authorizer.decide(request.getHeader("Authorization"),
        request.getRemoteAddr(), name -> Collections.list(request.getHeaders(name)));
    if (decision.client() != null) {
      ctx.header(CLIENT_IP_HEADER, decision.client().toString());
    }
    ctx.status(decision.status());
    if (!decision.allowed()) {
      ctx.contentType("application/json")
          .result(json.writeValueAsBytes(ErrorBody.of(null, decision.message())));
    }
  }
}
