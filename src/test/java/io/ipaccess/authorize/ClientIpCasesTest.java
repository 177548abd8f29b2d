package io.ipaccess.authorize;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.account.Account;
import io.ipaccess.account.ApiKeys;
import io.ipaccess.account.KeyRing;
import io.ipaccess.activity.AccessAttempt;
import io.ipaccess.activity.AttemptRecorder;
import io.ipaccess.activity.AttemptStore;
import io.ipaccess.activity.GeoLocator;
import io.ipaccess.allowlist.AccessGate;
import io.ipaccess.allowlist.AllowList;
import io.ipaccess.allowlist.AllowListEntry;
import io.ipaccess.allowlist.AllowLists;
import io.ipaccess.http.AccessDecision;
import io.ipaccess.http.Authorizer;
import io.ipaccess.http.ClientAddressResolver;
import io.ipaccess.http.ClientIpHeader;
import io.ipaccess.http.TrustedProxies;
import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.testing.LoopbackHttp;
import io.ipaccess.testing.RunningServer;
import io.ipaccess.testing.SharedTestData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code ../shared/testdata/client-ip.tsv} through the decision endpoint, with
 * {@code --trusted-proxies} as the case says and the default header (X-Forwarded-For).
 *
 * <p>A case whose peer is a loopback address is sent over HTTP to a running node from that
 * source address. Any other peer cannot be a source address here, so its case goes through the
 * endpoint's own decision code ({@link Authorizer#decide}) with the peer and header lines given
 * directly, on the real in-memory key ring, lists and attempt recorder. A few loopback cases of
 * this class's own keep the HTTP path exercised.
 */
class ClientIpCasesTest {

  private static final String KEY = "ipa_cases_key_0123456789abcdefghijklmnop";
  private static final Account ACCOUNT = new Account(7, "cases");
  private static final IpAddress ELSEWHERE = IpAddress.parse("198.51.100.250");

  static Stream<Arguments> sharedCases() {
    return SharedTestData.rows("testdata/client-ip.tsv").stream()
        .map(row -> Arguments.of(row.get(0), row.get(1), row.get(2), row.get(3)));
  }

  static Stream<Arguments> loopbackCases() {
    return Stream.of(
        Arguments.of("127.0.0.1", "127.0.0.1", "X-Forwarded-For: 203.0.113.7", "203.0.113.7"),
        Arguments.of("-", "127.0.0.2", "X-Forwarded-For: 203.0.113.7", "127.0.0.2"),
        Arguments.of("127.0.0.1", "127.0.0.2", "X-Forwarded-For: 203.0.113.7", "127.0.0.2"),
        Arguments.of("127.0.0.0/8", "127.0.0.1",
            "X-Forwarded-For: 198.51.100.1, 127.0.0.5\nX-Forwarded-For: 127.0.0.9",
            "198.51.100.1"),
        Arguments.of("127.0.0.1", "127.0.0.1", "X-Real-IP: 203.0.113.7", "127.0.0.1"),
        Arguments.of("127.0.0.1", "127.0.0.1", "X-Forwarded-For: 203.0.113.7, unknown", "deny"),
        Arguments.of("127.0.0.1", "127.0.0.1", "X-Forwarded-For: 10.0.0.1:80", "deny"));
  }

  @ParameterizedTest(name = "[{index}] trusted {0}, peer {1}, {2} -> {3}")
  @MethodSource("sharedCases")
  void sharedCase_isJudgedAsItSays(String trusted, String peer, String headers,
      String expected) {
    judge(trusted, peer, headers, expected);
  }

  @ParameterizedTest(name = "[{index}] trusted {0}, peer {1}, {2} -> {3}")
  @MethodSource("loopbackCases")
  void loopbackCase_isJudgedOverHttp(String trusted, String peer, String headers,
      String expected) {
    judge(trusted, peer, headers, expected);
  }

  private static void judge(String trusted, String peer, String headers, String expected) {
    TrustedProxies proxies = trusted.equals("-")
        ? TrustedProxies.none() : TrustedProxies.parse(Arrays.asList(trusted.split(" \\| ")));
    Map<String, List<String>> lines = headerLines(headers);
    if (isLoopback(peer)) {
      overHttp(proxies, peer, lines, expected);
    } else {
      throughDecisionCode(proxies, peer, lines, expected);
    }
  }

  private static void throughDecisionCode(TrustedProxies proxies, String peer,
      Map<String, List<String>> lines, String expected) {
    RecordedAttempts attempts = new RecordedAttempts();
    try (AttemptRecorder recorder =
        new AttemptRecorder(attempts, GeoLocator.withoutDatabase(), 1000, 0)) {
      AllowLists lists = new AllowLists();
      KeyRing keys = new KeyRing();
      keys.replace(Map.of(ApiKeys.hash(KEY), ACCOUNT));
      Authorizer authorizer = new Authorizer(keys, new AccessGate(lists, recorder,
          Clock.systemUTC()), new ClientAddressResolver(proxies, ClientIpHeader.X_FORWARDED_FOR));

      if (expected.equals("deny")) {
        // Even a list that is off (empty) must not let an unreadable header through.
        lists.install(ACCOUNT.id(), AllowList.EMPTY);
        AccessDecision refused = decide(authorizer, peer, lines);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.client()).isNull();
        assertThat(refused.message()).startsWith("the client address cannot be read from");
        return;
      }
      IpAddress client = IpAddress.parse(expected);
      lists.install(ACCOUNT.id(), listOf(1, ELSEWHERE));
      AccessDecision refused = decide(authorizer, peer, lines);
      lists.install(ACCOUNT.id(), listOf(2, client));
      AccessDecision allowed = decide(authorizer, peer, lines);

      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.client()).isEqualTo(client);
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.client()).isEqualTo(client);
      recorder.flush();
      assertThat(attempts.rows()).containsExactly(expected + " API true 2");
    }
  }

  private static void overHttp(TrustedProxies proxies, String peer,
      Map<String, List<String>> lines, String expected) {
    try (RunningServer server = RunningServer.start(
            config -> config.withClientAddress(proxies, ClientIpHeader.X_FORWARDED_FOR));
        LoopbackHttp http = LoopbackHttp.from(peer)) {
      Map<String, List<String>> headers = new LinkedHashMap<>(lines);
      headers.put("Authorization", List.of("Bearer " + RunningServer.KEY));

      LoopbackHttp.Reply reply = http.send("GET", server.baseUrl() + "/authorize", headers);

      if (expected.equals("deny")) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(403);
        assertThat(reply.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isNull();
        assertThat(reply.text()).contains("the client address cannot be read from");
      } else {
        assertThat(reply.status()).as(reply.text()).isEqualTo(204);
        assertThat(reply.header(AuthorizeEndpoint.CLIENT_IP_HEADER)).isEqualTo(expected);
      }
    }
  }

  private static AccessDecision decide(Authorizer authorizer, String peer,
      Map<String, List<String>> lines) {
    return authorizer.decide("Bearer " + KEY, peer,
        name -> lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  /**
   * The case's {@code Name: value} lines by lower-case name, values in order and stripped of the
   * outer spaces and tabs, as an HTTP server hands them over.
   */
  private static Map<String, List<String>> headerLines(String headers) {
    Map<String, List<String>> lines = new LinkedHashMap<>();
    if (headers.equals("-")) {
      return lines;
    }
    for (String line : headers.split("\n")) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).replaceAll("^[ \t]+|[ \t]+$", "");
      lines.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
    }
    return lines;
  }

  private static boolean isLoopback(String peer) {
    IpAddress address = IpAddress.parse(peer);
    return IpRange.parseEntry("127.0.0.0/8").contains(address)
        || IpRange.parseEntry("::1").contains(address);
  }

  private static AllowList listOf(long version, IpAddress address) {
    IpRange range = IpRange.of(address, address.v6() ? 128 : 32);
    return AllowList.of(version, List.of(new AllowListEntry(version, range, 0, 0)));
  }

  /** The attempt store, kept in memory: what the recorder wrote, as "ip method allowed count". */
  private static final class RecordedAttempts implements AttemptStore {

    private final List<String> rows = new ArrayList<>();

    @Override
    public synchronized void upsert(Map<Long, List<AccessAttempt>> attemptsByAccount) {
      attemptsByAccount.getOrDefault(ACCOUNT.id(), List.of()).forEach(attempt -> rows.add(
          attempt.ip() + " " + attempt.method().label() + " " + attempt.allowed() + " "
              + attempt.attempts()));
    }

    @Override
    public List<AccessAttempt> recent(long accountId, int limit) {
      return List.of();
    }

    synchronized List<String> rows() {
      return List.copyOf(rows);
    }
  }
}
