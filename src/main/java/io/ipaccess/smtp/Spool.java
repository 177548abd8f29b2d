package io.ipaccess.smtp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The relay's files under the data directory, written so that a message the relay answered 250
 * for survives a crash: each is written to {@code spool/incoming}, forced to disk, renamed
 * atomically into its final folder, and that folder is forced too.
 *
 * <pre>
 * spool/incoming/  messages being received; no 250 was sent for them, so they are deleted at
 *                  start (the sender still has them and will retry)
 * spool/queue/     accepted messages waiting for the upstream: envelope JSON line, then the
 *                  message
 * spool/failed/    messages the upstream refused for good, or that expired, kept for an operator
 * outbox/          without an upstream: accepted messages as .eml files
 * </pre>
 */
final class Spool {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_ENVELOPE_BYTES = 1 << 20;

  private final Path incoming;
  private final Path queue;
  private final Path failed;
  private final Path outbox;
  private final ObjectMapper json = new ObjectMapper();

  Spool(Path dataDir) {
    Path root = dataDir.resolve("spool");
    this.incoming = root.resolve("incoming");
    this.queue = root.resolve("queue");
    this.failed = root.resolve("failed");
    this.outbox = dataDir.resolve("outbox");
    try {
      for (Path dir : List.of(incoming, queue, failed, outbox)) {
        Files.createDirectories(dir);
      }
      clearIncoming();
    } catch (IOException e) {
      throw new UncheckedIOException("the SMTP spool under " + root + " cannot be prepared", e);
    }
  }

  Path queueDir() {
    return queue;
  }

  Path outboxDir() {
    return outbox;
  }

  /** A new file in {@code incoming}, named by arrival time so that older ones sort first. */
  Path newIncoming() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String id = String.format("%013d-%s", System.currentTimeMillis(),
        HexFormat.of().formatHex(random));
    return incoming.resolve(id + ".tmp");
  }

  /** Opens an incoming file for writing; {@link #force} it before committing. */
  static FileOutputStream create(Path file) throws IOException {
    return new FileOutputStream(file.toFile());
  }

  /** Flushes and forces a file's bytes to disk, then closes it. */
  static void force(FileOutputStream out, OutputStream buffered) throws IOException {
    buffered.flush();
    out.getChannel().force(true);
    buffered.close();
  }

  /** The first line of a queue file: the envelope as JSON, then LF. */
  byte[] envelopeLine(Envelope envelope) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    json.writeValue(line, envelope);
    line.write('\n');
    return line.toByteArray();
  }

  /** Moves a forced incoming file into the queue; returns its queue path. */
  Path commitToQueue(Path incomingFile) throws IOException {
    return commit(incomingFile, queue, ".msg");
  }

  /** Moves a forced incoming file into the outbox as {@code .eml}. */
  Path commitToOutbox(Path incomingFile) throws IOException {
    return commit(incomingFile, outbox, ".eml");
  }

  /** Moves a queue file to {@code failed}, for an operator to look at. */
  void fail(Path queueFile) throws IOException {
    Files.move(queueFile, failed.resolve(queueFile.getFileName()),
        StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(failed);
    forceDirectory(queue);
  }

  /** Deletes a delivered queue file, durably: it must not come back after a crash. */
  void delete(Path queueFile) throws IOException {
    Files.deleteIfExists(queueFile);
    forceDirectory(queue);
  }

  /** The queue files, oldest first. */
  List<Path> queued() throws IOException {
    try (Stream<Path> files = Files.list(queue)) {
      return files.filter(file -> file.getFileName().toString().endsWith(".msg")).sorted()
          .toList();
    }
  }

  /** Writes a queue file for the same message with another envelope (fewer recipients). */
  Path requeue(Envelope envelope, Path messageSource) throws IOException {
    Path file = newIncoming();
    try (FileOutputStream out = create(file);
        OutputStream buffered = new BufferedOutputStream(out);
        SpooledMessage source = open(messageSource)) {
      buffered.write(envelopeLine(envelope));
      source.message().transferTo(buffered);
      force(out, buffered);
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return commitToQueue(file);
  }

  /** Opens a queue (or incoming) file: its envelope, and a stream of the message after it. */
  SpooledMessage open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    try {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int next;
      while ((next = in.read()) != '\n') {
        if (next < 0 || line.size() > MAX_ENVELOPE_BYTES) {
          throw new IOException(file + " has no envelope line");
        }
        line.write(next);
      }
      Envelope envelope = json.readValue(line.toByteArray(), Envelope.class);
      return new SpooledMessage(file, envelope, in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private Path commit(Path incomingFile, Path dir, String extension) throws IOException {
    String name = incomingFile.getFileName().toString();
    Path target = dir.resolve(name.substring(0, name.length() - ".tmp".length()) + extension);
    Files.move(incomingFile, target, StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(dir);
    return target;
  }

  private void clearIncoming() throws IOException {
    try (Stream<Path> files = Files.list(incoming)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Forces a directory's entries to disk, so that a rename or delete survives a crash. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** An open spool file. */
  record SpooledMessage(Path file, Envelope envelope, InputStream message)
      implements AutoCloseable {

    @Override
    public void close() throws IOException {
      message.close();
    }
  }
}
