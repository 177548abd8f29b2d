package io.ipaccess.smtp;

import io.ipaccess.account.KeyRing;
import io.ipaccess.allowlist.AccessGate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageHandlerFactory;
import org.subethamail.smtp.internal.proxy.ProxyHandler;
import org.subethamail.smtp.internal.server.CommandHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The SMTP relay: the third door to an account, after the console and the API. It listens on
 * the submission port (STARTTLS when a certificate is configured), optionally on an implicit-TLS
 * port and on a PROXY-protocol port, takes AUTH with {@code apikey} and an API key, lets the
 * account's allow list decide on the client address, and relays what it accepts upstream or to
 * the outbox without losing it.
 *
 * <p>Built on SubEthaSMTP; the commands where ipaccess decides (AUTH, EHLO, PROXY, BDAT) replace
 * the library's.
 */
public final class SmtpRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SmtpRelay.class);

  private final List<SMTPServer> servers = new ArrayList<>();
  private final Optional<SpoolDeliverer> deliverer;
  private final int port;
  private final Optional<Integer> implicitTlsPort;
  private final Optional<Integer> proxyProtocolPort;
  private final Path outbox;

  private SmtpRelay(SmtpConfig config, Path dataDir, KeyRing keys, AccessGate gate) {
    Clock clock = Clock.systemUTC();
    String hostName = localHostName();
    Optional<SSLContext> tls = config.tls().map(PemTlsContext::load);
    Spool spool = new Spool(dataDir);
    this.outbox = spool.outboxDir();
    Optional<UpstreamSender> upstream = config.upstream()
        .map(upstreamConfig -> new UpstreamSender(upstreamConfig, hostName));
    this.deliverer = upstream.map(sender -> new SpoolDeliverer(spool, sender, config.retry(),
        clock));
    Relay relay = new Relay(spool, upstream, deliverer);
    MessageHandlerFactory messages = RelayMessageHandler.factory(new RelayMessageHandler.Limits(
        config.maxMessageBytes(), config.dataTimeout().toMillis()), relay, spool, clock);
    AuthPolicy policy = new AuthPolicy(tls.isPresent());
    SmtpDoor door = new SmtpDoor(keys, gate);

    try {
      SMTPServer submission = start(config, config.port(), hostName, messages, policy, door, tls,
          false, ProxyHandler.NOP);
      this.port = submission.getPortAllocated();
      this.implicitTlsPort = config.implicitTlsPort().map(p -> start(config, p, hostName,
          messages, policy, door, tls, true, ProxyHandler.NOP).getPortAllocated());
      this.proxyProtocolPort = config.proxyProtocolPort().map(p -> start(config, p, hostName,
          messages, policy, door, tls, false,
          new TrustedProxyHandler(config.trustedProxies())).getPortAllocated());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    deliverer.ifPresent(SpoolDeliverer::start);

    LOG.info("event=smtp_started port={} implicit_tls_port={} proxy_protocol_port={}"
        + " trusted_proxies={} starttls={} upstream={} max_message_bytes={} max_recipients={}",
        port, implicitTlsPort.map(String::valueOf).orElse("off"),
        proxyProtocolPort.map(String::valueOf).orElse("off"), config.trustedProxies(),
        tls.isPresent(), config.upstream().map(UpstreamConfig::toString).orElse("none (outbox "
            + outbox.toAbsolutePath() + ")"), config.maxMessageBytes(), config.maxRecipients());
    if (tls.isEmpty()) {
      LOG.info("event=smtp_plaintext_auth scope=loopback_only reason=\"no --smtp-tls-cert: AUTH"
          + " is offered over plain text to loopback clients only, and refused to all others\"");
    }
  }

  /**
   * Starts the relay's listeners and, with an upstream, the spool's delivery.
   *
   * @throws IllegalArgumentException if the TLS files cannot be used
   * @throws IllegalStateException if a port cannot be bound
   */
  public static SmtpRelay start(SmtpConfig config, Path dataDir, KeyRing keys, AccessGate gate) {
    return new SmtpRelay(config, dataDir, keys, gate);
  }

  /** The submission port (the one bound, when 0 was asked for). */
  public int port() {
    return port;
  }

  public Optional<Integer> implicitTlsPort() {
    return implicitTlsPort;
  }

  public Optional<Integer> proxyProtocolPort() {
    return proxyProtocolPort;
  }

  /** Where messages go without an upstream. */
  public Path outbox() {
    return outbox;
  }

  /** How many messages wait in the spool for the upstream; 0 without one. */
  public int queuedCount() {
    try {
      return deliverer.isPresent() ? deliverer.get().queuedCount() : 0;
    } catch (IOException e) {
      throw new IllegalStateException("the spool queue cannot be listed", e);
    }
  }

  private SMTPServer start(SmtpConfig config, int listenPort, String hostName,
      MessageHandlerFactory messages, AuthPolicy policy, SmtpDoor door,
      Optional<SSLContext> tls, boolean implicitTls, ProxyHandler proxy) {
    SMTPServer.Builder builder = SMTPServer.port(listenPort)
        .hostName(hostName)
        .softwareName("ipaccess")
        .messageHandlerFactory(messages)
        .authenticationHandlerFactory(ApiKeyLogin.FACTORY)
        .requireAuth(true)
        .insertReceivedHeaders(false)
        .maxMessageSize(config.maxMessageBytes())
        .maxRecipients(config.maxRecipients())
        .connectionTimeoutMs((int) config.idleTimeout().toMillis())
        .proxyHandler(proxy)
        .serverThreadName("smtp-" + listenPort);
    if (config.host() != null) {
      builder.bindAddress(address(config.host()));
    }
    if (tls.isPresent()) {
      SSLContext context = tls.get();
      builder.enableTLS(!implicitTls).startTlsSocketFactory(socket -> {
        InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket,
            peer.getHostString(), socket.getPort(), true);
        secure.setUseClientMode(false);
        return secure;
      });
      if (implicitTls) {
        builder.serverSocketFactory(context);
      }
    }
    SMTPServer server = builder.build();
    CommandHandler commands = server.getCommandHandler();
    commands.addCommand(new SubmissionEhloCommand(policy));
    commands.addCommand(new ApiKeyAuthCommand(policy, door));
    commands.addCommand(RefusedCommand.proxyHeader());
    commands.addCommand(RefusedCommand.bdat());
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the SMTP relay cannot listen on port " + listenPort + ": "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }
    servers.add(server);
    return server;
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--smtp-host '" + host + "' is not a known address", e);
    }
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    for (SMTPServer server : servers) {
      server.stop();
    }
    deliverer.ifPresent(SpoolDeliverer::close);
  }
}
