package io.clockmirror.deployhook.supplychain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --name value} options of one subcommand; unknown, repeated or valueless ones are errors.
 */
record CommandArgs(Map<String, String> values) {

  CommandArgs {
    values = Map.copyOf(values);
  }

  static CommandArgs parse(String[] args, int from, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = from; i < args.length; i += 2) {
      String name = args[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option '" + name + "'");
      }
      if (i + 1 >= args.length || args[i + 1].isBlank()) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      if (values.put(name.substring(2), args[i + 1]) != null) {
        throw new IllegalArgumentException(name + " is given twice");
      }
    }
    return new CommandArgs(values);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
