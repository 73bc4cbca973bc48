package dev.foil.cli;

import dev.foil.index.job.JobOption;
import dev.foil.index.job.JobOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Puts a job's declared options on a picocli command, and reads what was given back as the job's
 * values: the library declares each option once (name, type, default, help), the command line and the
 * experiment runner both read it.
 */
final class JobFlags {
  private JobFlags() {}

  /** A command whose flags include a job's declared options. */
  interface Declared {
    JobOptions jobOptions();
  }

  /** Adds the declared options to {@code cl}'s command and every command below it that declares some. */
  static void install(CommandLine cl) {
    if (cl.getCommandSpec().userObject() instanceof Declared d) {
      for (JobOption<?> o : d.jobOptions().options()) {
        cl.getCommandSpec().addOption(option(o));
        for (String a : o.aliases()) { // a former name: still accepted, not shown
          cl.getCommandSpec().addOption(OptionSpec.builder("--" + a).type(o.type()).hidden(true)
              .arity(o.isFlag() ? "0" : "1").splitRegex(o.type() == int[].class ? "," : "")
              .description("former name of --" + o.name()).build());
        }
      }
    }
    cl.getSubcommands().values().forEach(JobFlags::install);
  }

  private static OptionSpec option(JobOption<?> o) {
    OptionSpec.Builder b = OptionSpec.builder("--" + o.name()).type(o.type()).required(o.required())
        .description(o.description() + (o.defaultValue() == null || o.isFlag() ? ""
            : " (default: " + o.format(o.defaultValue()) + ")"));
    if (o.isFlag()) {
      b.arity("0");
    } else {
      b.paramLabel(o.placeholder());
    }
    if (o.type() == int[].class) {
      b.splitRegex(",");
    }
    return b.build();
  }

  /** The values of {@code options} given on {@code spec}'s command line; the rest keep their defaults. */
  static JobOptions.Values values(CommandSpec spec) {
    JobOptions options = ((Declared) spec.userObject()).jobOptions();
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, Object> given = new LinkedHashMap<>();
    for (JobOption<?> o : options.options()) {
      OptionSpec s = spec.findOption("--" + o.name());
      if (parsed.hasMatchedOption(s)) {
        given.put(o.name(), s.getValue());
      }
      for (String a : o.aliases()) {
        OptionSpec old = spec.findOption("--" + a);
        if (parsed.hasMatchedOption(old)) {
          if (given.containsKey(o.name())) {
            throw new IllegalArgumentException("--" + a + " is the former name of --" + o.name() + ": give one");
          }
          spec.commandLine().getErr().println("foil: --" + a + " is now --" + o.name() + "; the old name goes in a"
              + " later release");
          given.put(o.name(), old.getValue());
        }
      }
    }
    return options.values(given, "");
  }
}
