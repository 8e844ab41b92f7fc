package io.clockmirror.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The simple commands a piece of bash runs, split the way bash splits them: quotes, escapes, line
 * continuations, comments, here-documents, pipelines and lists, subshells and command substitutions
 * ({@code $(...)} and backquotes, also inside double quotes). Enough of the grammar to tell which
 * programs a buildspec or script starts; a word inside quotes or a here-document is text, never a
 * command.
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

  private static final Set<String> RESERVED =
      Set.of(
          "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}",
          "time");
  private static final Set<String> COMPOUND_HEADERS = Set.of("for", "case", "select", "function");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*");
  private static final String REDIRECT = "\u0000redirect";
  private static final String SUBSTITUTION = "\u0000substitution";

  private final String text;
  private final List<Command> commands = new ArrayList<>();
  private final Deque<HereDocument> pendingHereDocuments = new ArrayDeque<>();
  private int position;

  private record HereDocument(String delimiter, boolean stripTabs) {}

  private ShellCommands(String text) {
    this.text = text;
  }

  /**
   * The simple commands of {@code script} in the order bash starts them: a command substitution
   * before the command whose word it is part of.
   */
  static List<Command> parse(String script) {
    ShellCommands parser = new ShellCommands(script);
    parser.list('\0');
    return List.copyOf(parser.commands);
  }

  /** Every command the file runs, and, transitively, those of repository scripts it calls. */
  static List<Located> runBy(Path root, String relativePath, List<String> fragments) {
    List<Located> found = new ArrayList<>();
    Set<String> visited = new LinkedHashSet<>();
    visited.add(relativePath);
    follow(root, relativePath, fragments, found, visited);
    return List.copyOf(found);
  }

  /** A command and the repository file it is written in. */
  record Located(String file, Command command) {
    @Override
    public String toString() {
      return file + ": " + command;
    }
  }

  private static void follow(
      Path root, String file, List<String> fragments, List<Located> found, Set<String> visited) {
    for (String fragment : fragments) {
      for (Command command : parse(fragment)) {
        found.add(new Located(file, command));
        String called = calledScript(root, command);
        if (called != null && visited.add(called)) {
          follow(root, called, List.of(read(root.resolve(called))), found, visited);
        }
      }
    }
  }

  /** The repository script {@code command} runs, directly or through an interpreter. */
  private static String calledScript(Path root, Command command) {
    List<String> words = command.words();
    String candidate = words.getFirst();
    if (Set.of("bash", "sh", "source", ".").contains(candidate)) {
      candidate =
          words.stream().skip(1).filter(word -> !word.startsWith("-")).findFirst().orElse(null);
    }
    if (candidate == null || candidate.contains("$") || candidate.contains("*")) {
      return null;
    }
    Path path = root.resolve(candidate).normalize();
    if (!path.startsWith(root) || !Files.isRegularFile(path)) {
      return null;
    }
    String content = read(path);
    if (!content.startsWith("#!") || !content.lines().findFirst().orElse("").contains("sh")) {
      return null;
    }
    return root.relativize(path).toString();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads commands until {@code end} ({@code ')'} for {@code $(}, a backquote, or {@code '\0'} for
   * the end of the text) and consumes it.
   */
  private void list(char end) {
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c == end && end != '\0') {
        position++;
        finish(words, word);
        return;
      }
      switch (c) {
        case ' ', '\t' -> {
          position++;
          word = flush(words, word);
        }
        case '\n' -> {
          position++;
          word = finish(words, word);
          words = new ArrayList<>();
          skipHereDocuments();
        }
        case ';', '&', '|', '(', ')' -> {
          if (c == '&' && peek(1) == '>') {
            word = flush(words, word);
            redirect(words);
            continue;
          }
          position++;
          word = finish(words, word);
          words = new ArrayList<>();
        }
        case '<', '>' -> {
          if (word != null && word.chars().allMatch(Character::isDigit)) {
            word = null; // a file descriptor number belongs to the redirection
          }
          word = flush(words, word);
          if (c == '<' && peek(1) == '<' && peek(2) != '<') {
            hereDocument();
          } else {
            redirect(words);
          }
        }
        case '#' -> {
          if (word == null) {
            while (position < text.length() && text.charAt(position) != '\n') {
              position++;
            }
          } else {
            word.append(c);
            position++;
          }
        }
        default -> {
          if (c == '\\' && peek(1) == '\n') {
            position += 2; // a line continuation joins what is around it, even inside a word
            continue;
          }
          if (word == null) {
            word = new StringBuilder();
          }
          wordPart(word, false);
        }
      }
    }
    finish(words, word);
  }

  /** One piece of a word at the current position: a character, a quoted string, a substitution. */
  private void wordPart(StringBuilder word, boolean inDoubleQuotes) {
    char c = text.charAt(position);
    if (c == '\\') {
      if (peek(1) == '\n') {
        position += 2;
      } else {
        if (position + 1 < text.length()) {
          word.append(text.charAt(position + 1));
        }
        position += 2;
      }
    } else if (c == '\'' && !inDoubleQuotes) {
      int close = text.indexOf('\'', position + 1);
      int stop = close < 0 ? text.length() : close;
      word.append(text, position + 1, stop);
      position = stop + 1;
    } else if (c == '"' && !inDoubleQuotes) {
      position++;
      while (position < text.length() && text.charAt(position) != '"') {
        wordPart(word, true);
      }
      position++;
    } else if (c == '$' && peek(1) == '(' && peek(2) == '(') {
      int close = text.indexOf("))", position);
      position = close < 0 ? text.length() : close + 2;
      word.append(SUBSTITUTION);
    } else if (c == '$' && peek(1) == '(') {
      position += 2;
      substitution(')');
      word.append(SUBSTITUTION);
    } else if (c == '`') {
      position++;
      substitution('`');
      word.append(SUBSTITUTION);
    } else {
      word.append(c);
      position++;
    }
  }

  private void substitution(char end) {
    ShellCommands inner = new ShellCommands(text);
    inner.position = position;
    inner.list(end);
    commands.addAll(inner.commands);
    position = inner.position;
  }

  /** A redirection operator and its target word, both kept out of the command's words. */
  private void redirect(List<String> words) {
    while (position < text.length() && "<>&|".indexOf(text.charAt(position)) >= 0) {
      position++;
    }
    if (position < text.length() && (text.charAt(position) == '-')) {
      position++;
    }
    words.add(REDIRECT);
  }

  private void hereDocument() {
    position += 2;
    boolean stripTabs = peek(0) == '-';
    if (stripTabs) {
      position++;
    }
    while (peek(0) == ' ' || peek(0) == '\t') {
      position++;
    }
    StringBuilder delimiter = new StringBuilder();
    while (position < text.length() && " \t\n;&|<>()".indexOf(text.charAt(position)) < 0) {
      wordPart(delimiter, false);
    }
    pendingHereDocuments.add(new HereDocument(delimiter.toString(), stripTabs));
  }

  /** After a newline: the bodies of the here-documents its line opened are text, not commands. */
  private void skipHereDocuments() {
    while (!pendingHereDocuments.isEmpty()) {
      HereDocument document = pendingHereDocuments.removeFirst();
      while (position < text.length()) {
        int lineEnd = text.indexOf('\n', position);
        int stop = lineEnd < 0 ? text.length() : lineEnd;
        String line = text.substring(position, stop);
        position = Math.min(text.length(), stop + 1);
        if ((document.stripTabs() ? line.stripLeading() : line).equals(document.delimiter())) {
          break;
        }
      }
    }
  }

  private char peek(int offset) {
    int at = position + offset;
    return at < text.length() ? text.charAt(at) : '\0';
  }

  private static StringBuilder flush(List<String> words, StringBuilder word) {
    if (word != null) {
      words.add(word.toString());
    }
    return null;
  }

  /** Ends the simple command being read and records it. */
  private StringBuilder finish(List<String> words, StringBuilder word) {
    flush(words, word);
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
        words.clear();
        return null;
      }
      inPrefix = false;
      command.add(w.replace(SUBSTITUTION, "$(...)"));
    }
    if (!command.isEmpty()) {
      commands.add(new Command(command));
    }
    words.clear();
    return null;
  }
}
