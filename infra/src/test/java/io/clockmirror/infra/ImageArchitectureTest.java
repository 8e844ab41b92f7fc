package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import io.clockmirror.infra.settings.CpuArchitectureChoice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;

/**
 * The image and the tasks run on the same processor family: every DeployECR project is told the
 * architecture its environment's task definition names, and {@code buildspec/image-architecture.sh}
 * refuses a layout built for the other one before anything is pushed.
 */
class ImageArchitectureTest {

  @TempDir Path scratch;

  @Test
  void eachPushIsToldTheArchitectureItsEnvironmentsTasksRunOn() {
    Map<String, Map<String, Object>> projects = PipelineTemplate.projectsByName();
    for (String env : List.of("dev", "prod")) {
      assertThat(variables(projects.get(env + "-clockmirror-deploy-ecr")))
          .contains(
              "Name=IMAGE_ARCHITECTURE, Type=PLAINTEXT, Value="
                  + ociName(Synth.environment(env).app()));
    }
    // The Graviton variant: arm64 all the way.
    Map<String, Object> qa =
        Json.map(
            Synth.template(Synth.variantApp().pipeline().orElseThrow())
                .findResources("AWS::CodeBuild::Project")
                .values()
                .stream()
                .filter(p -> p.toString().contains("qa-clockmirror-deploy-ecr"))
                .findFirst()
                .orElseThrow());
    assertThat(variables(AppTemplate.properties(qa))).contains("Value=arm64");
    assertThat(ociName(Synth.variant().app())).isEqualTo("arm64");
  }

  @Test
  void aLayoutOfTheRightArchitecturePasses() throws Exception {
    Path layout = layout("amd64");
    Run printed =
        ScriptProcess.run(
            scratch, List.of("bash", "buildspec/image-architecture.sh", layout.toString()));
    assertThat(printed.stdout().strip()).isEqualTo("amd64");
    Run checked =
        ScriptProcess.run(
            scratch,
            List.of(
                "bash", "buildspec/image-architecture.sh", "--expect", "amd64", layout.toString()));
    assertThat(checked.exitCode()).as(checked.stderr()).isZero();
  }

  @Test
  void anImageOfTheOtherArchitectureIsRefusedBeforeThePush() throws Exception {
    Path layout = layout("amd64");
    Run run =
        ScriptProcess.run(
            scratch,
            List.of(
                "bash", "buildspec/image-architecture.sh", "--expect", "arm64", layout.toString()));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("the image is built for amd64, but this environment's tasks run on arm64");
    assertThat(Buildspecs.commandTexts("deploy-ecr"))
        .contains(
            "buildspec/image-architecture.sh --expect \"$IMAGE_ARCHITECTURE\""
                + " \"$CODEBUILD_SRC_DIR_Image/image\"");
  }

  /** The architecture the stack's task definition runs on, as an OCI image names it. */
  private static String ociName(Stack app) {
    String platform =
        Synth.template(app).findResources("AWS::ECS::TaskDefinition").values().toString();
    return platform.contains("CpuArchitecture=ARM64")
        ? CpuArchitectureChoice.ARM64.ociName()
        : CpuArchitectureChoice.X86_64.ociName();
  }

  private static String variables(Map<String, Object> project) {
    return String.valueOf(Json.map(project.get("Environment")).get("EnvironmentVariables"));
  }

  /** A layout of one image whose config names {@code architecture}. */
  private Path layout(String architecture) throws Exception {
    Path layout = scratch.resolve("layout-" + architecture);
    String config = "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"}";
    String configDigest = write(layout, config);
    String manifest =
        "{\"schemaVersion\":2,\"config\":{\"digest\":\"" + configDigest + "\"},\"layers\":[]}";
    String manifestDigest = write(layout, manifest);
    Files.writeString(
        layout.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + manifestDigest + "\"}]}");
    return layout;
  }

  private static String write(Path layout, String content) throws Exception {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Path blob = layout.resolve("blobs/sha256/" + hex);
    Files.createDirectories(blob.getParent());
    Files.write(blob, bytes);
    return "sha256:" + hex;
  }
}
