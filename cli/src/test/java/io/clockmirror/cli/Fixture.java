package io.clockmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A clone of the repository's deploy scripts with one commit, an empty fake AWS account, the fakes
 * on {@code PATH} and a stand-in for the deployed service's load balancer: what {@code
 * ./clockmirror} runs against in these tests.
 */
final class Fixture implements AutoCloseable {

  static final Path REPO =
      Path.of(System.getProperty("clockmirror.root", "..")).toAbsolutePath().normalize();
  static final Path FAKES = REPO.resolve("cli/src/test/fakes");

  /** Programs the sandbox's PATH never offers from the machine: fakes stand in or nothing does. */
  private static final Set<String> WITHHELD =
      Set.of("aws", "cdk", "docker", "podman", "buildah", "skopeo", "crane", "node", "npm", "npx");

  /** What one command line did. */
  record Run(int exit, String out, String err) {
    String all() {
      return out + err;
    }
  }

  final Path root;
  final Path account;
  final Path bin;
  final Path system;
  final Map<String, String> environment = new HashMap<>();
  private final HttpServer service;

  private final Path temp;

  Fixture() throws IOException, InterruptedException {
    Path fixtures = Files.createDirectories(REPO.resolve("cli/target/fixtures"));
    temp = Files.createTempDirectory(fixtures, "run-");
    root = temp.resolve("checkout");
    account = Files.createDirectories(temp.resolve("account"));
    bin = Files.createDirectories(temp.resolve("fake-bin"));
    system = systemPrograms(fixtures.resolve("system-bin"));
    hookJarCurrent();
    copy("pom.xml");
    copy("infra/cdk.json");
    // The fixture's images are built here and so unsigned: prod takes them, as a team that
    // deploys prod by hand would set it.
    Path cdkJson = root.resolve("infra/cdk.json");
    String settings = Files.readString(cdkJson);
    String unsigned =
        settings.replaceFirst(
            "(\"prod\": \\{\\s*\"region\": \"[a-z0-9-]+\",\\s*\"signedImagesOnly\": )true",
            "$1false");
    assertThat(unsigned).as("prod's signedImagesOnly in infra/cdk.json").isNotEqualTo(settings);
    Files.writeString(cdkJson, unsigned);
    copy("lib/common.sh");
    try (Stream<Path> scripts = Files.list(REPO.resolve("buildspec"))) {
      for (Path script : scripts.toList()) {
        String name = script.getFileName().toString();
        if (name.endsWith(".sh") || name.equals("oci_layout.py")) {
          copy("buildspec/" + name);
        }
      }
    }
    copy(".dockerignore");
    Files.writeString(root.resolve("Dockerfile"), "FROM scratch\n");
    Files.createSymbolicLink(root.resolve("deploy-hook"), REPO.resolve("deploy-hook"));
    Files.writeString(root.resolve(".gitignore"), "target/\ndeploy-hook\n");
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git(
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.com",
        "commit",
        "-q",
        "-m",
        "fixture");
    for (String tool : List.of("aws", "cdk", "docker", "skopeo")) {
      fake(tool);
    }
    service = ServiceStandIn.start(account.resolve("account.json"));
    environment.put("PATH", bin + ":" + system);
    environment.put("HOME", temp.toString());
    environment.put("FAKE_ACCOUNT", account.toString());
    environment.put("FAKE_SERVICE_URL", "http://127.0.0.1:" + service.getAddress().getPort());
    environment.put("SMOKE_ATTEMPTS", "3");
    environment.put("SMOKE_INTERVAL", "0.2");
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("CM_JDK25_DEFAULT", System.getProperty("java.home"));
  }

  /**
   * The smoke test runs the deploy hook's jar, building it when it looks older than its sources;
   * the fixture cannot build it, so it is made current here, in the repository, the same way.
   */
  private static synchronized void hookJarCurrent() throws IOException, InterruptedException {
    Process check =
        new ProcessBuilder("bash", "deploy-hook/jar.sh")
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(out).isZero();
  }

  /** Puts a fake of {@code tool} on PATH. */
  void fake(String tool) throws IOException {
    Path link = bin.resolve(tool);
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, FAKES.resolve("fake.py"));
  }

  void withhold(String tool) throws IOException {
    Files.deleteIfExists(bin.resolve(tool));
  }

  Run run(String... args) {
    return run(Map.of(), args);
  }

  Run run(Map<String, String> extra, String... args) {
    return run(extra, "", false, args);
  }

  Run run(Map<String, String> extra, String stdin, boolean interactive, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(extra);
    Context context =
        new Context(
            new Project(root),
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new BufferedReader(new StringReader(stdin)),
            interactive,
            Duration.ofMillis(200));
    int exit = Main.run(context, args);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Every call the fakes answered, as tool and arguments. */
  List<List<String>> calls() throws IOException {
    Path log = account.resolve("calls.log");
    if (!Files.exists(log)) {
      return List.of();
    }
    List<List<String>> calls = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      calls.add(JSON.std.listOfFrom(String.class, line));
    }
    return calls;
  }

  /** Calls that change the account: anything but a look-up. */
  List<String> changingCalls() throws IOException {
    return calls().stream()
        .map(call -> String.join(" ", call))
        .filter(
            call ->
                call.matches(
                    "(aws (iam create|cloudformation delete|ecr delete|s3 rb|logs delete|kms schedule|codeconnections create)|cdk (deploy|bootstrap)|docker build|skopeo copy).*"))
        .toList();
  }

  void clearCalls() throws IOException {
    Files.deleteIfExists(account.resolve("calls.log"));
  }

  Map<String, Object> state() throws IOException {
    return JSON.std.mapFrom(Files.readString(account.resolve("account.json")));
  }

  void writeState(Map<String, Object> state) throws IOException {
    Files.writeString(account.resolve("account.json"), JSON.std.asString(state));
  }

  String commit() throws IOException, InterruptedException {
    return git("rev-parse", "HEAD").strip();
  }

  String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  @Override
  public void close() throws IOException {
    service.stop(0);
    try (Stream<Path> files = Files.walk(temp)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private void copy(String relative) throws IOException {
    Path target = root.resolve(relative);
    Files.createDirectories(target.getParent());
    // Times kept: smoke-test.sh rebuilds the hook's jar when pom.xml looks newer than it.
    Files.copy(REPO.resolve(relative), target, StandardCopyOption.COPY_ATTRIBUTES);
  }

  /** The machine's programs, less those the fakes replace or a test withholds; made once. */
  private static synchronized Path systemPrograms(Path system) throws IOException {
    if (Files.isDirectory(system)) {
      return system;
    }
    Path building = Files.createDirectories(system.resolveSibling("system-bin.new"));
    for (String directory : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
      Path dir = Path.of(directory);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> programs = Files.list(dir)) {
        for (Path program : programs.toList()) {
          String name = program.getFileName().toString();
          Path link = building.resolve(name);
          if (!WITHHELD.contains(name)
              && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, program);
          }
        }
      }
    }
    Files.move(building, system, StandardCopyOption.ATOMIC_MOVE);
    return system;
  }

  /** Starts a stand-in of the service on a free port of 25200-25299. */
  static HttpServer bind() throws IOException {
    IOException last = null;
    for (int port = 25200 + (int) (ProcessHandle.current().pid() % 50); port < 25300; port++) {
      try {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }
}
