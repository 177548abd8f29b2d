package io.ipaccess.smtp;

import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.internal.proxy.ProxyHandler;
import org.subethamail.smtp.server.Session;

/**
 * The PROXY-protocol port's gate: the TCP peer must be a trusted balancer, and its connection
 * must start with one valid header (v1 or v2), whose source is then the address the client is
 * judged by. Anything else ends the connection before the greeting.
 *
 * <p>The library has its own v1/v2 handlers, but they trust every peer, read past the header
 * and take the IPv6 port from the wrong offset; the header decides access, so it is read here.
 */
final class TrustedProxyHandler implements ProxyHandler {

  private static final Logger LOG = LoggerFactory.getLogger(TrustedProxyHandler.class);

  private final RangeMatcher trusted;

  TrustedProxyHandler(List<IpRange> trustedProxies) {
    this.trusted = RangeMatcher.of(trustedProxies);
  }

  @Override
  public ProxyResult handle(InputStream in, OutputStream out, Session session)
      throws IOException {
    IpAddress peer = ClientAddresses.of(session.getRealRemoteAddress());
    if (!trusted.matches(peer)) {
      LOG.warn("event=smtp_proxy_refused peer={} reason=untrusted_peer", peer);
      return new ProxyResult(554, "5.7.1 " + peer + " is not a trusted proxy: this port takes"
          + " connections only from the configured load balancers");
    }
    try {
      ProxyHeader header = ProxyHeaderReader.read(in);
      return header.source()
          .map(source -> new ProxyResult(ClientAddresses.toSocketAddress(source)))
          .orElse(ProxyResult.NOP);
    } catch (ProxyHeaderException e) {
      LOG.warn("event=smtp_proxy_refused peer={} reason=\"{}\"", peer, e.getMessage());
      return new ProxyResult(554, "5.5.2 " + e.getMessage());
    }
  }
}
