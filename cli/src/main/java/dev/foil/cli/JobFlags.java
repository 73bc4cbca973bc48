package dev.foil.cli;

import dev.foil.index.job.JobOption;
import dev.foil.index.io.ExistingOutput;
import dev.foil.index.job.JobOptions;
import java.io.IOException;
import java.nio.file.Path;
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

  /**
   * A command some of whose annotated options were renamed: the former names are still accepted for
   * one release, hidden from help, with a warning ({@link #applyFormerNames}).
   */
  interface Renamed {
    /** Former name → current name, both without dashes. */
    Map<String, String> formerNames();
  }

  /**
   * Adds the declared options to {@code cl}'s command and every command below it that declares some,
   * the hidden former names of renamed options, and value labels that say what goes there.
   */
  static void install(CommandLine cl) {
    if (cl.getCommandSpec().userObject() instanceof Declared d) {
      if (guardsOutput(d.jobOptions())) {
        cl.getCommandSpec().addOption(OptionSpec.builder("--" + OVERWRITE).arity("0").type(Boolean.class)
            .description("replace the files of an existing, non-empty --out directory (without it, one is refused)")
            .build());
      }
      for (JobOption<?> o : d.jobOptions().options()) {
        cl.getCommandSpec().addOption(option(o));
        for (String a : o.aliases()) { // a former name: still accepted, not shown
          cl.getCommandSpec().addOption(OptionSpec.builder("--" + a).type(o.type()).hidden(true)
              .arity(o.isFlag() ? "0" : "1").splitRegex(o.type() == int[].class ? "," : "")
              .description("former name of --" + o.name()).build());
        }
      }
    }
    labelValues(cl.getCommandSpec());
    if (cl.getCommandSpec().userObject() instanceof Renamed r) {
      r.formerNames().forEach((old, now) -> {
        OptionSpec current = cl.getCommandSpec().findOption("--" + now);
        cl.getCommandSpec().addOption(OptionSpec.builder("--" + old).type(current.type()).arity(current.arity())
            .paramLabel(current.paramLabel()).hidden(true).description("former name of --" + now).build());
      });
    }
    cl.getSubcommands().values().forEach(JobFlags::install);
  }

  /**
   * Moves the values given under a {@link Renamed} command's former names to their current options,
   * with a warning; giving both names is an error. Commands call it first thing.
   */
  static void applyFormerNames(CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    ((Renamed) spec.userObject()).formerNames().forEach((old, now) -> {
      OptionSpec former = spec.findOption("--" + old);
      if (parsed.hasMatchedOption(former)) {
        OptionSpec current = spec.findOption("--" + now);
        if (parsed.hasMatchedOption(current)) {
          throw new IllegalArgumentException(formerName(old, now) + ": give one");
        }
        warnFormerName(spec, old, now);
        current.setValue(former.getValue());
      }
    });
  }

  private static String formerName(String old, String now) {
    return "--" + old + " is the former name of --" + now;
  }

  private static void warnFormerName(CommandSpec spec, String old, String now) {
    spec.commandLine().getErr().println("foil: --" + old + " is now --" + now + "; the old name goes in a later release");
  }

  /**
   * Gives each annotated option of {@code spec} whose value has picocli's default label (the field
   * name, {@code <batchSize>}) one that says what goes there: {@code N}, {@code X}, {@code PATH}, or
   * the option's name in capitals, as {@link JobOption#placeholder} does for declared options.
   */
  private static void labelValues(CommandSpec spec) {
    for (OptionSpec o : java.util.List.copyOf(spec.options())) {
      if (o.arity().max() == 0 || !o.paramLabel().startsWith("<")) {
        continue;
      }
      Class<?> type = o.type().isArray() || java.util.Collection.class.isAssignableFrom(o.type())
          ? (o.auxiliaryTypes()[0] == int.class || o.auxiliaryTypes()[0] == Integer.class ? int[].class : o.auxiliaryTypes()[0])
          : o.type();
      spec.remove(o);
      spec.addOption(o.toBuilder().paramLabel(JobOption.placeholder(type, o.longestName())).build());
    }
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
  static JobOptions.Values values(CommandSpec spec) throws IOException {
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
            throw new IllegalArgumentException(formerName(a, o.name()) + ": give one");
          }
          warnFormerName(spec, a, o.name());
          given.put(o.name(), old.getValue());
        }
      }
    }
    JobOptions.Values values = options.values(given, "");
    if (guardsOutput(options)) {
      JobOption<?> resume = options.option(RESUME);
      ExistingOutput.checkDirectory((Path) values.get(options.option(OUT)),
          parsed.hasMatchedOption(spec.findOption("--" + OVERWRITE)), resume != null && (Boolean) values.get(resume),
          resume != null);
    }
    return values;
  }

  private static final String OUT = "out";
  private static final String RESUME = "resume";
  private static final String OVERWRITE = "overwrite";

  /**
   * Whether the command line guards the job's {@code --out} directory itself: the job writes one and
   * declares no {@code --overwrite} of its own (mining does, and its service checks the file).
   */
  private static boolean guardsOutput(JobOptions options) {
    JobOption<?> out = options.option(OUT);
    return out != null && out.type() == Path.class && options.option(OVERWRITE) == null;
  }
}
