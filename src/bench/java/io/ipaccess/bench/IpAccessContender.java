package io.ipaccess.bench;

import io.ipaccess.net.IpAddress;
import io.ipaccess.net.IpRange;
import io.ipaccess.net.RangeMatcher;
import java.util.List;

/** The product: {@link RangeMatcher} over {@link IpRange#parseEntry} entries. */
final class IpAccessContender extends Contender<RangeMatcher, IpAddress> {

  @Override
  public String name() {
    return "ipaccess";
  }

  @Override
  public String label() {
    return "ipaccess RangeMatcher.matches(IpAddress)";
  }

  @Override
  public RangeMatcher compile(List<String> entries) {
    return RangeMatcher.of(entries.stream().map(IpRange::parseEntry).toList());
  }

  @Override
  public IpAddress query(String address) {
    return IpAddress.parse(address);
  }

  @Override
  public boolean matches(RangeMatcher list, IpAddress query) {
    return list.matches(query);
  }
}
