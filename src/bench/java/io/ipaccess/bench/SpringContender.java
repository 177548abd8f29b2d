package io.ipaccess.bench;

import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Spring Security: one {@code IpAddressMatcher} per entry, tried in order, as
 * {@code hasIpAddress} rules are. Its API takes the address as text, so every call parses it.
 */
final class SpringContender extends Contender<IpAddressMatcher[], String> {

  @Override
  public String name() {
    return "spring";
  }

  @Override
  public String label() {
    return "Spring IpAddressMatcher.matches(String) list";
  }

  @Override
  public IpAddressMatcher[] compile(List<String> entries) {
    return entries.stream().map(IpAddressMatcher::new).toArray(IpAddressMatcher[]::new);
  }

  @Override
  public String query(String address) {
    return address;
  }

  @Override
  public boolean matches(IpAddressMatcher[] list, String query) {
    for (IpAddressMatcher matcher : list) {
      if (matcher.matches(query)) {
        return true;
      }
    }
    return false;
  }
}
