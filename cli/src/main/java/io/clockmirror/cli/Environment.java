package io.clockmirror.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * One environment as {@code infra/cdk.json} defines it, as far as this command needs it.
 *
 * @param name e.g. {@code dev}
 * @param region the region its stacks are pinned to
 * @param strategy the ECS deployment strategy ({@code ROLLING}, {@code CANARY}, ...)
 * @param account the account {@code clockmirror:pipeline.accounts} pins it to, if any
 * @param signedImagesOnly whether it takes only images the pipeline signed ({@code
 *     signedImagesOnly}, default true): a local build is never signed
 */
public record Environment(
    String name,
    String region,
    String strategy,
    Optional<String> account,
    boolean signedImagesOnly) {

  public Environment {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(account, "account");
    new Names(name);
  }

  public Names names() {
    return new Names(name);
  }

  /** One target group, no traffic shift. */
  public boolean rolling() {
    return strategy.equals("ROLLING");
  }
}
