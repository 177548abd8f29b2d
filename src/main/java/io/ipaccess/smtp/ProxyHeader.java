package io.ipaccess.smtp;

import io.ipaccess.net.IpAddress;
import java.util.Optional;

/**
 * What a load balancer's PROXY protocol header says about a connection.
 *
 * @param source the client the balancer forwards, or empty for the balancer's own connection
 *     (a v2 {@code LOCAL} header, as health checks send), which is then judged by its TCP peer
 */
public record ProxyHeader(Optional<IpAddress> source) {

  static ProxyHeader forwarded(IpAddress source) {
    return new ProxyHeader(Optional.of(source));
  }

  static ProxyHeader local() {
    return new ProxyHeader(Optional.empty());
  }
}
