package io.clockmirror.infra;

import io.clockmirror.infra.settings.CdkJsonContext;
import java.nio.file.Path;

/** The repository's files, located from the {@code cdk.json} that surefire names. */
final class Repo {
  static final Path CDK_JSON = CdkJsonContext.file();
  static final Path ROOT = CDK_JSON.toAbsolutePath().getParent().getParent();

  private Repo() {}
}
