package io.phat4j.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Registers subcommands lazily: a CLI call builds the picocli model of the one command it invokes,
 * not of all of them. Building a command's model reflects over its options and constructs the
 * command (running its static initialisers: JSON mappers, crypto), which for every command at once
 * cost a one-shot call about half its start-up time.
 *
 * <p>When the arguments name no command ({@code --help}, {@code --version}, an unknown word, or
 * options before the command) every command is listed by a placeholder that carries only its name
 * and description, so help and "did you mean" messages stay as they were.
 */
final class Subcommands {
  /** One subcommand: its name (as in its {@code @Command}) and its class. */
  record Entry(String name, Class<?> type) {}

  private Subcommands() {}

  /**
   * Adds the command the arguments invoke as a real subcommand, and placeholders for the others
   * when they may be listed.
   */
  static void register(CommandLine root, List<Entry> entries, String[] args) {
    int index = firstPositional(args);
    Entry invoked = null;
    if (index >= 0) {
      for (Entry e : entries) {
        if (e.name().equals(args[index])) {
          invoked = e;
          break;
        }
      }
    }
    boolean listOthers = invoked == null || index > 0;
    for (Entry e : entries) {
      if (e == invoked) {
        root.addSubcommand(e.name(), e.type());
      } else if (listOthers) {
        root.addSubcommand(e.name(), new CommandLine(placeholder(e)));
      }
    }
  }

  /** The first argument that is not an option: the root has only flag options (-h, -V). */
  private static int firstPositional(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("-")) {
        return i;
      }
    }
    return -1;
  }

  /** A command that only names and describes itself, for listings; it is never executed. */
  private static CommandSpec placeholder(Entry e) {
    Command command = e.type().getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.create().name(e.name());
    if (command != null) {
      spec.usageMessage().header(command.header()).description(command.description());
    }
    return spec;
  }
}
