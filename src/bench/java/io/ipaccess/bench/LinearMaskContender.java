package io.ipaccess.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * How nginx's {@code allow} works: every rule is a network and a mask, tried in order until one
 * matches. IPv4 and IPv6 rules are kept apart, as nginx keeps them.
 */
final class LinearMaskContender extends Contender<LinearMaskContender.Rules,
    LinearMaskContender.Bits> {

  /** An address as plain bits; IPv4 in {@code low}. */
  record Bits(boolean v6, long high, long low) {}

  /** IPv4 rules as {network, mask} int pairs; IPv6 rules as {high, low, highMask, lowMask}. */
  record Rules(int[] v4, long[] v6) {}

  @Override
  public String name() {
    return "linear";
  }

  @Override
  public String label() {
    return "linear mask loop (nginx allow)";
  }

  @Override
  public Rules compile(List<String> entries) {
    int[] v4 = new int[entries.size() * 2];
    long[] v6 = new long[entries.size() * 4];
    int v4Count = 0;
    int v6Count = 0;
    for (String entry : entries) {
      byte[] network = Addresses.networkBytes(entry);
      byte[] mask = Addresses.maskBytes(network.length, Addresses.prefix(entry));
      ByteBuffer networkBits = ByteBuffer.wrap(network);
      ByteBuffer maskBits = ByteBuffer.wrap(mask);
      if (network.length == 4) {
        v4[v4Count++] = networkBits.getInt();
        v4[v4Count++] = maskBits.getInt();
      } else {
        v6[v6Count++] = networkBits.getLong();
        v6[v6Count++] = networkBits.getLong();
        v6[v6Count++] = maskBits.getLong();
        v6[v6Count++] = maskBits.getLong();
      }
    }
    return new Rules(Arrays.copyOf(v4, v4Count), Arrays.copyOf(v6, v6Count));
  }

  @Override
  public Bits query(String address) {
    ByteBuffer bytes = ByteBuffer.wrap(Addresses.bytes(address));
    return bytes.capacity() == 4
        ? new Bits(false, 0, bytes.getInt())
        : new Bits(true, bytes.getLong(), bytes.getLong());
  }

  @Override
  public boolean matches(Rules list, Bits query) {
    if (!query.v6()) {
      int address = (int) query.low();
      int[] rules = list.v4();
      for (int i = 0; i < rules.length; i += 2) {
        if ((address & rules[i + 1]) == rules[i]) {
          return true;
        }
      }
      return false;
    }
    long high = query.high();
    long low = query.low();
    long[] rules = list.v6();
    for (int i = 0; i < rules.length; i += 4) {
      if ((high & rules[i + 2]) == rules[i] && (low & rules[i + 3]) == rules[i + 1]) {
        return true;
      }
    }
    return false;
  }
}
