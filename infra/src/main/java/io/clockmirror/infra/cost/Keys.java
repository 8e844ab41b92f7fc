package io.clockmirror.infra.cost;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/** Finds the constant of an enum whose key in a data file is given. */
final class Keys {

  private Keys() {}

  static <E extends Enum<E>> Optional<E> find(Class<E> type, Function<E, String> key, String text) {
    return Arrays.stream(type.getEnumConstants())
        .filter(candidate -> key.apply(candidate).equals(text))
        .findFirst();
  }
}
