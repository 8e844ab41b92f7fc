package io.clockmirror.infra;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads bash text into the words of its simple commands: quotes, escapes, line continuations,
 * comments, here-documents, the operators between commands and command substitutions, which are
 * read as commands of their own. Which words make a command is {@link
 * ShellCommands#simpleCommand}'s decision.
 */
final class ShellWords {

  private static final String REDIRECT = ShellCommands.REDIRECT;
  private static final String SUBSTITUTION = ShellCommands.SUBSTITUTION;

  private final String text;
  private final List<ShellCommands.Command> commands = new ArrayList<>();
  private final Deque<HereDocument> pendingHereDocuments = new ArrayDeque<>();
  private int position;

  private record HereDocument(String delimiter, boolean stripTabs) {}

  private ShellWords(String text) {
    this.text = text;
  }

  /** The simple commands of {@code script}, a command substitution before its command. */
  static List<ShellCommands.Command> commands(String script) {
    ShellWords reader = new ShellWords(script);
    reader.list('\0');
    return List.copyOf(reader.commands);
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
    ShellWords inner = new ShellWords(text);
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
    ShellCommands.simpleCommand(words).ifPresent(commands::add);
    words.clear();
    return null;
  }
}
