package io.ipaccess.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipaccess.testing.ApiClient;
import io.ipaccess.testing.ApiClient.Reply;
import io.ipaccess.testing.RunningServer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A change that would shut the caller out is refused unless the caller insists. */
class LockoutGuardTest {

  private static final String LOCKOUT_MESSAGE = "this change would block your own address"
      + " 127.0.0.1: the allow list would no longer cover it. Add 127.0.0.1 (or a range that"
      + " covers it) in the same request, or repeat the request with ?force=true to accept"
      + " losing access from this address";

  private RunningServer server;
  private ApiClient api;

  @BeforeEach
  void start() {
    server = RunningServer.start();
    api = ApiClient.of(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void firstEntryNotCoveringCaller_isRefusedWith409NamingTheAddress() {
    Reply reply = api.add("192.0.2.0/24");

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.firstMessage()).isEqualTo(LOCKOUT_MESSAGE);
    assertThat(api.entries()).isEmpty();
  }

  @Test
  void firstEntryNotCoveringCaller_isAddedWithForce() {
    Reply reply = api.post("access_settings/whitelist?force=true",
        ApiClient.ipsBody(List.of("192.0.2.0/24")));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(api.get("access_settings/whitelist").status()).isEqualTo(403);
  }

  @Test
  void addingCallerWithOthers_isAllowed() {
    assertThat(api.add("192.0.2.0/24", "127.0.0.0/8").status()).isEqualTo(201);
  }

  @Test
  void removingTheEntryThatCoversCaller_isRefused() {
    api.add("127.0.0.1", "192.0.2.0/24");
    long callerEntry = api.get("access_settings/whitelist").json().get("result").get(0)
        .get("id").asLong();

    Reply reply = api.delete("access_settings/whitelist/" + callerEntry, null);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.firstMessage()).isEqualTo(LOCKOUT_MESSAGE);
    assertThat(api.entries()).containsExactly("127.0.0.1/32", "192.0.2.0/24");
  }

  @Test
  void removingTheEntryThatCoversCaller_goesThroughWithForce() {
    api.add("127.0.0.1", "192.0.2.0/24");
    long callerEntry = api.get("access_settings/whitelist").json().get("result").get(0)
        .get("id").asLong();

    Reply reply = api.delete("access_settings/whitelist/" + callerEntry + "?force=true", null);

    assertThat(reply.status()).isEqualTo(204);
    assertThat(api.get("access_settings/whitelist").status()).isEqualTo(403);
  }

  @Test
  void emptyingTheList_isAlwaysAllowed() {
    api.add("127.0.0.1", "192.0.2.0/24");
    String ids = api.get("access_settings/whitelist").json().get("result")
        .findValuesAsText("id").toString();

    Reply reply = api.delete("access_settings/whitelist", "{\"ids\":" + ids + "}");

    assertThat(reply.status()).isEqualTo(204);
    assertThat(api.entries()).isEmpty();
  }
}
