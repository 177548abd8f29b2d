package io.ipaccess.bench;

import java.util.List;

/**
 * One way to answer "does this allow list hold this address?": the product's matcher or a peer.
 *
 * <p>{@link #compile} builds the contender's structure for one list and {@link #query} turns
 * address text into the form the contender's API takes, each with the contender's own parser;
 * the benchmark times {@link #matches} alone, the call a server makes once it has the client's
 * address in hand.
 *
 * @param <L> the compiled list
 * @param <Q> the query form
 */
public abstract class Contender<L, Q> {

  /** The name used as the benchmark parameter, e.g. {@code ipaccess}. */
  public abstract String name();

  /** The name shown in reports, with the API that is called. */
  public abstract String label();

  /** Whether the contender can hold this family at all. */
  public boolean supports(Family family) {
    return true;
  }

  public abstract L compile(List<String> entries);

  public abstract Q query(String address);

  public abstract boolean matches(L list, Q query);

  /** Every contender, the product's first. */
  public static List<Contender<?, ?>> all() {
    return List.of(new IpAccessContender(), new SortedIntArrayContender(),
        new LinearMaskContender(), new IpAddressTrieContender(), new NettyContender(),
        new JettyContender(), new CommonsNetContender(), new SpringContender());
  }

  /** The contender with this {@link #name()}. */
  @SuppressWarnings("unchecked")
  public static Contender<Object, Object> named(String name) {
    for (Contender<?, ?> contender : all()) {
      if (contender.name().equals(name)) {
        return (Contender<Object, Object>) contender;
      }
    }
    throw new IllegalArgumentException("no contender named '" + name + "'");
  }
}
