package io.ipaccess.smtp;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Who a message is from and for, as the SMTP transaction said (not the headers), with the
 * account that sent it and when it arrived. Stored as the first line of a spool file.
 *
 * @param from the MAIL FROM address; empty for the null reverse path {@code <>}
 * @param recipients the RCPT TO addresses still to deliver to
 * @param accountId the account that authenticated
 * @param client the address the client was judged by
 * @param receivedAtMs when the relay answered 250, in epoch milliseconds
 */
public record Envelope(
    @JsonProperty("from") String from,
    @JsonProperty("recipients") List<String> recipients,
    @JsonProperty("account_id") long accountId,
    @JsonProperty("client") String client,
    @JsonProperty("received_at_ms") long receivedAtMs) {

  public Envelope {
    recipients = List.copyOf(recipients);
  }

  /** The same envelope for fewer recipients (after the others were delivered or refused). */
  Envelope withRecipients(List<String> remaining) {
    return new Envelope(from, remaining, accountId, client, receivedAtMs);
  }
}
