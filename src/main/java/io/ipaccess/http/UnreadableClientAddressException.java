package io.ipaccess.http;

/**
 * Thrown when a trusted proxy's forwarding header holds a deciding value that is not an address
 * ({@code unknown}, empty, {@code 010.0.0.1}, a host name). The request must be refused (403):
 * skipping the value could judge the request by an address the proxy never vouched for.
 *
 * <p>The message names the header and quotes the value, and is safe to show to the client.
 */
public final class UnreadableClientAddressException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UnreadableClientAddressException(String message) {
    super(message);
  }

  UnreadableClientAddressException(String message, Throwable cause) {
    super(message, cause);
  }
}
