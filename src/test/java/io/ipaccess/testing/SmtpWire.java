package io.ipaccess.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * SMTP spoken by hand over a socket, for what no client library sends: PROXY headers, broken
 * input, silence. Replies are read whole (multi-line replies joined with newlines).
 */
public final class SmtpWire implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private SmtpWire(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects from {@code sourceAddress} to 127.0.0.1:{@code port}; reads nothing yet. */
  public static SmtpWire connect(String sourceAddress, int port) {
    try {
      Socket socket = new Socket();
      socket.bind(new InetSocketAddress(sourceAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      return new SmtpWire(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** AUTH PLAIN's initial response for the user apikey and this key. */
  public static String plain(String key) {
    return Base64.getEncoder().encodeToString(("\0apikey\0" + key)
        .getBytes(StandardCharsets.UTF_8));
  }

  public SmtpWire write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a line with CRLF. */
  public SmtpWire send(String line) {
    return write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a line and reads the reply. */
  public String command(String line) {
    send(line);
    return reply();
  }

  /** The next reply, or {@code null} if the server closed the connection first. */
  public String reply() {
    StringBuilder reply = new StringBuilder();
    while (true) {
      String line = line();
      if (line == null) {
        return reply.length() == 0 ? null : reply.toString();
      }
      reply.append(reply.length() == 0 ? "" : "\n").append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return reply.toString();
      }
    }
  }

  /** The next reply if its first bytes have arrived, else {@code null} without waiting. */
  public String replyIfReady() {
    try {
      return in.available() > 0 ? reply() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server has closed the connection (reads to the end, discarding). */
  public boolean closedByServer() {
    try {
      while (in.read() >= 0) {
        // Discard whatever the server still sent before it closed.
      }
      return true;
    } catch (SocketException e) {
      return true; // a reset is a close too
    } catch (IOException e) {
      return false;
    }
  }

  private String line() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      int next;
      while ((next = in.read()) >= 0) {
        if (next == '\n') {
          byte[] bytes = line.toByteArray();
          int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r'
              ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
        line.write(next);
      }
      return null;
    } catch (SocketException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
