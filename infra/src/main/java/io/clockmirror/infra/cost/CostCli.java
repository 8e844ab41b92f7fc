package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.settings.CdkJsonContext;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command behind {@code infra/cost.sh}: prices the environments of {@code cdk.json} from their
 * templates in a synthesis output directory.
 *
 * <pre>
 * CostCli --templates DIR [--json] [--update-docs FILE] [ENV...]
 * </pre>
 */
public final class CostCli {

  private CostCli() {}

  public static void main(String[] args) {
    try {
      run(List.of(args), System.out);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println("cost: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the command with {@code args}, printing to {@code out}. */
  public static void run(List<String> args, PrintStream out) {
    boolean json = false;
    Optional<Path> templates = Optional.empty();
    Optional<Path> docs = Optional.empty();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--json" -> json = true;
        case "--templates" -> templates = Optional.of(Path.of(value(args, ++i, "--templates")));
        case "--update-docs" -> docs = Optional.of(Path.of(value(args, ++i, "--update-docs")));
        default -> {
          if (args.get(i).startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + args.get(i));
          }
          names.add(args.get(i));
        }
      }
    }
    Path directory =
        templates.orElseThrow(() -> new IllegalArgumentException("--templates DIR is required"));
    Map<String, Object> context = CdkJsonContext.read(CdkJsonContext.file());
    Object environments = context.get(EnvironmentSettings.CONTEXT_KEY);
    if (names.isEmpty()) {
      if (!(environments instanceof Map<?, ?> all)) {
        throw new IllegalArgumentException("cdk.json defines no environments");
      }
      all.keySet().forEach(name -> names.add(String.valueOf(name)));
    } else if (docs.isPresent()) {
      throw new IllegalArgumentException("--update-docs prices every environment: name none");
    }
    List<EnvironmentCost> costs = new ArrayList<>();
    PriceList prices = null;
    for (String name : names) {
      EnvironmentSettings settings = EnvironmentSettings.fromContext(name, environments);
      prices = PriceList.forRegion(settings.region());
      costs.add(
          estimate(
              settings,
              read(directory, settings.names().appStack()),
              read(directory, settings.names().ecrStack()),
              prices));
    }
    if (docs.isPresent()) {
      Path file = docs.get();
      try {
        Files.writeString(
            file,
            CostReport.replaceGenerated(
                Files.readString(file), CostReport.markdown(costs, prices)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot update " + file, e);
      }
      out.println("updated " + file);
    } else if (json) {
      costs.forEach(cost -> out.println(CostReport.json(cost).toString()));
    } else {
      out.print(CostReport.markdown(costs, prices));
    }
  }

  /** Prices one environment from its two templates' JSON. */
  public static EnvironmentCost estimate(
      EnvironmentSettings settings, CfnTemplate app, CfnTemplate ecr, PriceList prices) {
    Inventory inventory = Inventory.read(settings.name(), app, ecr, Optional.of(settings));
    return new CostModel(inventory, prices, Assumptions.load()).estimate();
  }

  private static CfnTemplate read(Path directory, String stack) {
    Path file = directory.resolve(stack + ".template.json");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no template " + file + ": synthesize first");
    }
    try {
      return new CfnTemplate(stack, new ObjectMapper().readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }
}
