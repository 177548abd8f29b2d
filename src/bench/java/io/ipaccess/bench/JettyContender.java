package io.ipaccess.bench;

import java.net.InetAddress;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/** Jetty's {@code InetAddressSet}, as its {@code InetAccessHandler} uses it. */
final class JettyContender extends Contender<InetAddressSet, InetAddress> {

  @Override
  public String name() {
    return "jetty";
  }

  @Override
  public String label() {
    return "Jetty InetAddressSet.test";
  }

  @Override
  public InetAddressSet compile(List<String> entries) {
    InetAddressSet set = new InetAddressSet();
    entries.forEach(set::add);
    return set;
  }

  @Override
  public InetAddress query(String address) {
    return NettyContender.inet(address);
  }

  @Override
  public boolean matches(InetAddressSet list, InetAddress query) {
    return list.test(query);
  }
}
