package io.ipaccess.bench;

import java.util.List;
import org.apache.commons.net.util.SubnetUtils;
import org.apache.commons.net.util.SubnetUtils.SubnetInfo;

/**
 * Apache commons-net {@code SubnetUtils}, inclusive host count (so that /31 and /32 hold their
 * addresses), one per entry, tried in order. IPv4 only: the class does not read IPv6.
 */
final class CommonsNetContender extends Contender<SubnetInfo[], CommonsNetContender.Key> {

  /** The query as the 32-bit int that {@code SubnetInfo.isInRange(int)} takes. */
  record Key(int address) {}

  @Override
  public String name() {
    return "commonsnet";
  }

  @Override
  public String label() {
    return "commons-net SubnetUtils.isInRange (inclusive)";
  }

  @Override
  public boolean supports(Family family) {
    return family == Family.IPV4;
  }

  @Override
  public SubnetInfo[] compile(List<String> entries) {
    SubnetInfo[] infos = new SubnetInfo[entries.size()];
    for (int i = 0; i < infos.length; i++) {
      SubnetUtils subnet = new SubnetUtils(entries.get(i));
      subnet.setInclusiveHostCount(true);
      infos[i] = subnet.getInfo();
    }
    return infos;
  }

  @Override
  public Key query(String address) {
    return new Key(new SubnetUtils("0.0.0.0/0").getInfo().asInteger(address));
  }

  @Override
  public boolean matches(SubnetInfo[] list, Key query) {
    int address = query.address();
    for (SubnetInfo info : list) {
      if (info.isInRange(address)) {
        return true;
      }
    }
    return false;
  }
}
