package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shell commands {@code docs/deploy.md} gives for a deployment by hand. */
class DeployDocsCommandsTest {

  @Test
  void theDeployDocsPublishOnlyThroughThePipelinesScript() throws IOException {
    String docs = Files.readString(Repo.ROOT.resolve("docs/deploy.md"));
    List<ShellCommands.Command> commands = new ArrayList<>();
    for (String block : shellBlocks(docs)) {
      commands.addAll(ShellCommands.parse(block));
    }
    assertThat(commands)
        .as("no image is pushed by hand beside buildspec/publish-image.sh")
        .noneMatch(
            command ->
                command.name().matches("(docker|podman|buildah|crane)")
                    && command.words().contains("push"))
        .noneMatch(command -> command.name().equals("skopeo") && command.words().contains("copy"));
    // The login is the pipeline's: the same tool, the registry the repository URI names.
    assertThat(commands)
        .extracting(ShellCommands.Command::toString)
        .anyMatch(command -> command.startsWith("buildspec/publish-image.sh "))
        .anyMatch(command -> command.equals("buildspec/image-tag.sh --manual $(...)"))
        .contains("skopeo login --username AWS --password-stdin ${REPO%%/*}");
  }

  /** The bodies of the {@code ```shell} blocks of a Markdown text, list indentation removed. */
  private static List<String> shellBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?ms)^( *)```shell\\n(.*?)^\\1```").matcher(markdown);
    while (matcher.find()) {
      String indent = matcher.group(1);
      blocks.add(
          matcher
              .group(2)
              .lines()
              .map(line -> line.startsWith(indent) ? line.substring(indent.length()) : line)
              .collect(Collectors.joining("\n", "", "\n")));
    }
    assertThat(blocks).as("shell blocks").isNotEmpty();
    return blocks;
  }
}
