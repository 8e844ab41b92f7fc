package io.clockmirror.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simple commands a piece of bash runs, split the way bash splits them: quotes, escapes, line
 * continuations, comments, here-documents, pipelines and lists, subshells and command substitutions
 * ({@code $(...)} and backquotes, also inside double quotes). Enough of the grammar to tell which
 * programs a buildspec or script starts; a word inside quotes or a here-document is text, never a
 * command. {@link ShellWords} reads the text; this class decides which of its words are a command.
 */
final class ShellCommands {

  /** One simple command: its words, without assignments and redirections in front. */
  record Command(List<String> words) {
    Command {
      words = List.copyOf(words);
      if (words.isEmpty()) {
        throw new IllegalArgumentException("a command has at least one word");
      }
    }

    String name() {
      return words.getFirst();
    }

    @Override
    public String toString() {
      return String.join(" ", words);
    }
  }

  /** Stands for a redirection operator; the word after it is its target. */
  static final String REDIRECT = "\u0000redirect";

  /** Stands for a command substitution inside a word. */
  static final String SUBSTITUTION = "\u0000substitution";

  private static final Set<String> RESERVED =
      Set.of(
          "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
          "time");
  private static final Set<String> COMPOUND_HEADERS = Set.of("for", "case", "select", "function");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*");

  private ShellCommands() {}

  /**
   * The simple commands of {@code script} in the order bash starts them: a command substitution
   * before the command whose word it is part of.
   */
  static List<Command> parse(String script) {
    return ShellWords.commands(script);
  }

  /**
   * The command that the words read between two operators make, if any: reserved words, assignments
   * and redirections in front of it are dropped, and the header of a compound command ({@code for},
   * {@code case}, ...) starts none.
   */
  static Optional<Command> simpleCommand(List<String> words) {
    List<String> command = new ArrayList<>();
    boolean afterRedirect = false;
    boolean inPrefix = true;
    for (String w : words) {
      if (w.equals(REDIRECT)) {
        afterRedirect = true;
        continue;
      }
      if (afterRedirect) {
        afterRedirect = false;
        continue;
      }
      if (inPrefix && (RESERVED.contains(w) || ASSIGNMENT.matcher(w).matches())) {
        continue;
      }
      if (inPrefix && COMPOUND_HEADERS.contains(w)) {
        return Optional.empty();
      }
      inPrefix = false;
      command.add(w.replace(SUBSTITUTION, "$(...)"));
    }
    return command.isEmpty() ? Optional.empty() : Optional.of(new Command(command));
  }
}
