package io.ipaccess.smtp;

/** A PROXY protocol header that cannot be read; the connection is ended. */
final class ProxyHeaderException extends Exception {

  ProxyHeaderException(String message) {
    super(message);
  }
}
