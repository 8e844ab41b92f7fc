package io.clockmirror.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The image of the checked-out commit in the environment's repository: found there, or built once
 * by the pipeline's build step ({@code buildspec/build-image.sh}) and published by its publish step
 * ({@code buildspec/publish-image.sh}), with the tag {@code buildspec/image-tag.sh --manual} makes.
 */
final class ImageStep {

  /** An image in the repository: its tag, the build version it reports, its digest. */
  record Image(String tag, String version, String digest) {
    Image {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(digest, "digest");
    }
  }

  record Result(Image image, boolean changed, String detail) {}

  static final List<String> IMAGE_TOOLS = List.of("docker", "podman", "buildah");

  /** The image tool to use, when not the first of {@link #IMAGE_TOOLS} on PATH. */
  static final String IMAGE_TOOL = "CLOCKMIRROR_IMAGE_TOOL";

  /** Extra options for the image tool, e.g. for a machine that reaches no registry. */
  static final String BUILD_OPTIONS = "CLOCKMIRROR_BUILD_OPTIONS";

  private static final Pattern LOCAL_REGISTRY =
      Pattern.compile("(127\\.0\\.0\\.1|localhost)(:[0-9]+)?");

  private static final Pattern ECR_REGISTRY =
      Pattern.compile("[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

  private final Session session;
  private final String repositoryUri;

  ImageStep(Session session, String repositoryUri) {
    this.session = Objects.requireNonNull(session, "session");
    this.repositoryUri = Objects.requireNonNull(repositoryUri, "repositoryUri");
  }

  Result ensure(Consumer<String> note) {
    String commit = commit();
    String version = script("buildspec/project-version.sh").strip();
    String shortCommit = commit.substring(0, 7);
    Pattern ours =
        Pattern.compile(Pattern.quote(version + "-" + shortCommit) + "(-manual\\.[0-9]{14})?");
    Optional<Image> published = published(ours, version);
    if (published.isPresent()) {
      Image found = published.get();
      return new Result(
          found, false, found.tag() + " is in " + session.names().repository() + " already");
    }
    // One layout per commit for every environment: prod gets the bytes and the tag dev got, as the
    // pipeline promotes one image.
    Path layout = session.project().workDirectory().resolve("image-" + shortCommit);
    Optional<Map<String, String>> built = builtLayout(layout, ours);
    String how;
    if (built.isPresent()) {
      how = "built by an earlier run";
    } else {
      build(commit, layout);
      built = builtLayout(layout, ours);
      how = "built";
      if (built.isEmpty()) {
        throw Failure.stepFailed(
            "buildspec/build-image.sh wrote no layout with an image.env for "
                + version
                + "-"
                + shortCommit
                + " in "
                + layout,
            "see " + session.processes().transcript());
      }
    }
    Image image =
        new Image(
            built.get().get("IMAGE_TAG"),
            built.get().get("IMAGE_VERSION"),
            built.get().get("IMAGE_DIGEST"));
    note.accept(how + ": " + image.tag() + " " + image.digest());
    login();
    Processes.Result publish =
        session.run(
            publishEnvironment(),
            List.of(
                session.project().script("buildspec/publish-image.sh").toString(),
                layout.toString(),
                repositoryUri,
                image.tag(),
                image.digest()));
    if (!publish.ok()) {
      throw Failure.stepFailed(
          "buildspec/publish-image.sh failed: " + publish.tail(1),
          "see " + session.processes().transcript() + "; then " + session.again());
    }
    return new Result(
        image, true, how + " and published " + image.tag() + " (" + image.digest() + ")");
  }

  private String commit() {
    session.processes().require("git");
    Processes.Result head = git("rev-parse", "HEAD");
    if (!head.ok()) {
      throw new Failure(
          ExitCode.SETTINGS,
          session.project().root() + " is not a git checkout: " + head.tail(1),
          "run ./clockmirror from a clone of the repository: the image tag names a commit");
    }
    Processes.Result changes = git("status", "--porcelain", "--untracked-files=no");
    if (!changes.out().isBlank()) {
      throw new Failure(
          ExitCode.SETTINGS,
          "the checkout has uncommitted changes ("
              + changes.out().lines().count()
              + " files): the image tag would name a commit that is not what gets built",
          "commit or stash them (git stash), then " + session.again());
    }
    return head.out().strip();
  }

  private Processes.Result git(String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return session.run(Map.of(), command);
  }

  private String script(String relative) {
    Processes.Result result =
        session.run(Map.of(), List.of(session.project().script(relative).toString()));
    if (!result.ok()) {
      throw Failure.stepFailed(relative + " failed: " + result.tail(1), "fix what it reports");
    }
    return result.out();
  }

  /** The newest image in the repository with a tag of this commit and version. */
  private Optional<Image> published(Pattern ours, String version) {
    Map<String, Object> images =
        session
            .aws()
            .json("ecr", "describe-images", "--repository-name", session.names().repository());
    return Json.objects(images, "imageDetails").stream()
        .flatMap(
            detail ->
                Json.at(detail, "imageTags").stream()
                    .flatMap(tags -> ((List<?>) tags).stream())
                    .map(String::valueOf)
                    .filter(tag -> ours.matcher(tag).matches())
                    .map(
                        tag ->
                            new Image(tag, version, Json.string(detail, "imageDigest").orElse(""))))
        .max(Comparator.comparing(Image::tag));
  }

  /** The image.env of a layout already built for this commit and version, if there is one. */
  private static Optional<Map<String, String>> builtLayout(Path layout, Pattern ours) {
    Path env = layout.resolve("image.env");
    if (!Files.isRegularFile(env) || !Files.isRegularFile(layout.resolve("index.json"))) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(env)) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          values.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    boolean complete =
        values.keySet().containsAll(List.of("IMAGE_TAG", "IMAGE_VERSION", "IMAGE_DIGEST"));
    return complete && ours.matcher(values.get("IMAGE_TAG")).matches()
        ? Optional.of(values)
        : Optional.empty();
  }

  private void build(String commit, Path layout) {
    String chosen = session.context().environment().get(IMAGE_TOOL);
    String tool =
        IMAGE_TOOLS.stream()
            .filter(candidate -> chosen == null || chosen.equals(candidate))
            .filter(candidate -> session.processes().find(candidate).isPresent())
            .findFirst()
            .orElseThrow(
                () ->
                    new Failure(
                        ExitCode.TOOL_MISSING,
                        "no image tool to build the image with: none of "
                            + String.join(", ", IMAGE_TOOLS)
                            + " is on PATH",
                        "install Docker, or podman and buildah (Debian/Ubuntu: apt-get install"
                            + " podman buildah)"));
    // An interrupted build leaves a partial layout; build-image.sh wants none.
    deleteTree(layout);
    List<String> command =
        new ArrayList<>(
            List.of(
                session.project().script("buildspec/build-image.sh").toString(),
                "--tool",
                tool,
                "--manual",
                commit,
                layout.toString()));
    String options = session.context().environment().getOrDefault(BUILD_OPTIONS, "").strip();
    if (!options.isEmpty()) {
      command.add("--");
      command.addAll(List.of(options.split("\\s+")));
    }
    Processes.Result result = session.run(Map.of(), command);
    if (!result.ok()) {
      throw Failure.stepFailed(
          "buildspec/build-image.sh failed: " + result.tail(1),
          "see " + session.processes().transcript() + "; then " + session.again());
    }
  }

  private static void deleteTree(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw Failure.stepFailed(
          "cannot remove the partial layout " + directory + ": " + e.getMessage(),
          "remove it by hand");
    }
  }

  /** Logs skopeo in to ECR; a registry on this machine (tests) needs none. */
  private void login() {
    String registry = registry();
    if (!ECR_REGISTRY.matcher(registry).matches()) {
      return;
    }
    String password = session.aws().text("ecr", "get-login-password").strip();
    Processes.Result result =
        session.run(
            Map.of(),
            List.of("skopeo", "login", "--username", "AWS", "--password-stdin", registry),
            password + "\n",
            line -> {});
    if (!result.ok()) {
      throw Failure.stepFailed(
          "cannot log in to " + registry + ": " + result.tail(1),
          "the credentials need ecr:GetAuthorizationToken; then " + session.again());
    }
  }

  private String registry() {
    return repositoryUri.substring(0, repositoryUri.indexOf('/'));
  }

  /** publish-image.sh speaks plain HTTP only to a registry on this machine. */
  private Map<String, String> publishEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(session.awsEnvironment());
    if (LOCAL_REGISTRY.matcher(registry()).matches()) {
      env.put("PUBLISH_TLS_VERIFY", "false");
    }
    return env;
  }
}
