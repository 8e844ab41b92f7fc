package io.clockmirror.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the credentials are, checked against the account and region {@code infra/cdk.json} pins the
 * environment to.
 *
 * @param account the 12-digit account ID
 * @param arn the caller's ARN
 */
public record Identity(String account, String arn) {

  public Identity {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(arn, "arn");
  }

  /** Asks STS, then refuses credentials of another account, or a shell set to another region. */
  static Identity check(Session session) {
    Environment target = session.target();
    Map<String, String> shell = session.context().environment();
    for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String region = shell.get(variable);
      if (region != null && !region.isBlank() && !region.equals(target.region())) {
        throw new Failure(
            ExitCode.SETTINGS,
            variable
                + " is "
                + region
                + ", but infra/cdk.json pins "
                + target.name()
                + " to "
                + target.region(),
            "unset " + variable + " or set it to " + target.region());
      }
    }
    session.processes().require("aws");
    Map<String, Object> caller = session.aws().json("sts", "get-caller-identity");
    Identity identity =
        new Identity(
            Json.string(caller, "Account").orElse(""), Json.string(caller, "Arn").orElse(""));
    Optional<String> pinned = target.account();
    if (pinned.isPresent() && !pinned.get().equals(identity.account())) {
      throw new Failure(
          ExitCode.SETTINGS,
          "the credentials are for account "
              + identity.account()
              + " ("
              + identity.arn()
              + "), but infra/cdk.json pins "
              + target.name()
              + " to account "
              + pinned.get(),
          "use credentials of "
              + pinned.get()
              + " (e.g. AWS_PROFILE=<its profile>), or change clockmirror:pipeline.accounts."
              + target.name()
              + " in infra/cdk.json");
    }
    return identity;
  }

  /** The step's line. */
  String describe(Environment target) {
    return "account "
        + account
        + (target.account().isPresent() ? " (as cdk.json pins)" : "")
        + ", "
        + target.region()
        + ", "
        + arn;
  }
}
