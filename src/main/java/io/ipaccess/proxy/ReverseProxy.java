package io.ipaccess.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipaccess.http.Authorizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in reverse proxy ({@code serve --proxy-upstream URL --proxy-port N}): its own Jetty
 * server on its own port, so that it shares nothing with the API's routes, and every request on
 * it is judged like an API request before it may reach the upstream.
 */
public final class ReverseProxy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReverseProxy.class);

  private final Server server;
  private final ServerConnector connector;

  private ReverseProxy(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts the proxy.
   *
   * @param host the interface to bind, or {@code null} for all of them
   * @param port the port; 0 picks a free one
   */
  public static ReverseProxy start(ProxyUpstream upstream, String host, int port,
      Authorizer authorizer, ObjectMapper json) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new GuardedProxyHandler(upstream, authorizer, json));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      throw new IllegalStateException("the reverse proxy cannot listen on port " + port + ": "
          + e.getMessage(), e);
    }
    LOG.info("event=proxy_started proxy_port={} upstream={}", connector.getLocalPort(), upstream);
    return new ReverseProxy(server, connector);
  }

  /** The port the proxy listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("event=proxy_stop_failed reason={}", e.toString());
    }
  }
}
