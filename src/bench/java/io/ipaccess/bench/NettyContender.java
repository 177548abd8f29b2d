package io.ipaccess.bench;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilter;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Netty's {@code IpSubnetFilter}: ACCEPT rules, reject when none matches. */
final class NettyContender extends Contender<NettyContender.Filter, InetSocketAddress> {

  /** Opens the filter's protected decision, which Netty calls per new channel. */
  static final class Filter extends IpSubnetFilter {

    Filter(List<IpSubnetFilterRule> rules) {
      super(false, rules);
    }

    boolean admits(InetSocketAddress address) {
      return accept(null, address);
    }
  }

  @Override
  public String name() {
    return "netty";
  }

  @Override
  public String label() {
    return "Netty IpSubnetFilter.accept";
  }

  @Override
  public Filter compile(List<String> entries) {
    List<IpSubnetFilterRule> rules = new ArrayList<>(entries.size());
    for (String entry : entries) {
      rules.add(new IpSubnetFilterRule(entry.substring(0, entry.indexOf('/')),
          Addresses.prefix(entry), IpFilterRuleType.ACCEPT));
    }
    return new Filter(rules);
  }

  @Override
  public InetSocketAddress query(String address) {
    return new InetSocketAddress(inet(address), 0);
  }

  @Override
  public boolean matches(Filter list, InetSocketAddress query) {
    return list.admits(query);
  }

  static InetAddress inet(String address) {
    try {
      return InetAddress.getByAddress(Addresses.bytes(address));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
