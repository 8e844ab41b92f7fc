package io.clockmirror.infra;

import java.nio.file.Path;

/** The repository's files, located from the {@code cdk.json} that surefire names. */
final class Repo {
  static final Path CDK_JSON = Path.of(System.getProperty(InfraApp.CDK_JSON_PROPERTY));
  static final Path ROOT = CDK_JSON.toAbsolutePath().getParent().getParent();

  private Repo() {}
}
