package io.ipaccess.smtp;

import java.util.List;

/**
 * What the upstream did with one message.
 *
 * @param retry recipients it has not taken yet (a 4xx, or it could not be reached)
 * @param refused recipients it refused for good (a 5xx)
 * @param code the upstream's reply code for the refusal, or 0 if it could not be reached
 * @param detail the upstream's reply or the connection problem, for the log and the sender
 */
record DeliveryReport(List<String> retry, List<String> refused, int code, String detail) {

  DeliveryReport {
    retry = List.copyOf(retry);
    refused = List.copyOf(refused);
  }

  static DeliveryReport delivered() {
    return new DeliveryReport(List.of(), List.of(), 250, "delivered");
  }

  static DeliveryReport retryAll(List<String> recipients, int code, String detail) {
    return new DeliveryReport(recipients, List.of(), code, detail);
  }

  static DeliveryReport refusedAll(List<String> recipients, int code, String detail) {
    return new DeliveryReport(List.of(), recipients, code, detail);
  }

  boolean complete() {
    return retry.isEmpty() && refused.isEmpty();
  }
}
