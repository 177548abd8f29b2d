package io.ipaccess.http;

import io.ipaccess.net.InvalidAddressException;
import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose forwarding headers are believed ({@code --trusted-proxies}): a list of
 * addresses and ranges written as allow-list entries, e.g. {@code 10.0.0.0/8, 192.0.2.7,
 * fd00::/8}. The default is none: the TCP peer is the client.
 *
 * <p>Ranges that hold every address are refused, since then any client could name the address it
 * is judged by.
 */
public final class TrustedProxies {

  private static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<IpRange> ranges;
  private final RangeMatcher matcher;

  private TrustedProxies(List<IpRange> ranges) {
    this.ranges = List.copyOf(ranges);
    this.matcher = RangeMatcher.of(ranges);
  }

  /** No trusted proxy: forwarding headers are never read. */
  public static TrustedProxies none() {
    return NONE;
  }

  /**
   * Parses the entries of {@code --trusted-proxies}, each as strictly as an allow-list entry.
   *
   * @throws IllegalArgumentException naming the setting and quoting the first bad entry
   */
  public static TrustedProxies parse(List<String> entries) {
    List<IpRange> ranges = new ArrayList<>(entries.size());
    for (String entry : entries) {
      ranges.add(parseEntry(entry));
    }
    return new TrustedProxies(ranges);
  }

  /** Whether forwarding headers from this peer are believed. */
  public boolean trusts(IpAddress address) {
    return matcher.matches(address);
  }

  /** Whether no proxy is trusted. */
  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** The trusted ranges in canonical form, in the order given. */
  public List<IpRange> ranges() {
    return ranges;
  }

  private static IpRange parseEntry(String entry) {
    String text = entry == null ? "" : entry.strip();
    if (text.endsWith("/0") || text.equals("*.*.*.*")) {
      throw new IllegalArgumentException("--trusted-proxies '" + text + "' would trust every"
          + " address, so any client could choose the address it is judged by: list the"
          + " addresses or ranges of your own proxies, e.g. 10.0.0.0/8");
    }
    try {
      return IpRange.parseEntry(text);
    } catch (InvalidAddressException e) {
      throw new IllegalArgumentException("--trusted-proxies: " + e.getMessage(), e);
    }
  }
}
