package io.ipaccess.bench;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.util.List;

/** The IPAddress library: prefix blocks in an {@code IPv4AddressTrie} and an IPv6 one. */
final class IpAddressTrieContender extends Contender<IpAddressTrieContender.Tries, IPAddress> {

  record Tries(IPv4AddressTrie v4, IPv6AddressTrie v6) {}

  @Override
  public String name() {
    return "ipaddress";
  }

  @Override
  public String label() {
    return "IPAddress AddressTrie.elementContains";
  }

  @Override
  public Tries compile(List<String> entries) {
    Tries tries = new Tries(new IPv4AddressTrie(), new IPv6AddressTrie());
    for (String entry : entries) {
      IPAddress block = new IPAddressString(entry).getAddress().toPrefixBlock();
      if (block.isIPv4()) {
        tries.v4().add(block.toIPv4());
      } else {
        tries.v6().add(block.toIPv6());
      }
    }
    return tries;
  }

  @Override
  public IPAddress query(String address) {
    return new IPAddressString(address).getAddress();
  }

  @Override
  public boolean matches(Tries list, IPAddress query) {
    return query.isIPv4()
        ? list.v4().elementContains(query.toIPv4())
        : list.v6().elementContains(query.toIPv6());
  }
}
