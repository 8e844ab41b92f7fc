package io.clockmirror.infra.constructs;

import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The retention periods CloudWatch Logs offers, by number of days, and the named log groups kept
 * for one of them.
 */
public final class LogRetention {

  private static final Map<Integer, RetentionDays> BY_DAYS =
      Map.ofEntries(
          Map.entry(1, RetentionDays.ONE_DAY),
          Map.entry(3, RetentionDays.THREE_DAYS),
          Map.entry(5, RetentionDays.FIVE_DAYS),
          Map.entry(7, RetentionDays.ONE_WEEK),
          Map.entry(14, RetentionDays.TWO_WEEKS),
          Map.entry(30, RetentionDays.ONE_MONTH),
          Map.entry(60, RetentionDays.TWO_MONTHS),
          Map.entry(90, RetentionDays.THREE_MONTHS),
          Map.entry(120, RetentionDays.FOUR_MONTHS),
          Map.entry(150, RetentionDays.FIVE_MONTHS),
          Map.entry(180, RetentionDays.SIX_MONTHS),
          Map.entry(365, RetentionDays.ONE_YEAR),
          Map.entry(400, RetentionDays.THIRTEEN_MONTHS),
          Map.entry(545, RetentionDays.EIGHTEEN_MONTHS),
          Map.entry(731, RetentionDays.TWO_YEARS),
          Map.entry(1096, RetentionDays.THREE_YEARS),
          Map.entry(1827, RetentionDays.FIVE_YEARS),
          Map.entry(3653, RetentionDays.TEN_YEARS));

  private LogRetention() {}

  public static boolean isOffered(int days) {
    return BY_DAYS.containsKey(days);
  }

  public static Set<Integer> offered() {
    return BY_DAYS.keySet();
  }

  /**
   * @throws IllegalArgumentException when CloudWatch Logs has no retention of {@code days}
   */
  public static RetentionDays of(int days) {
    RetentionDays retention = BY_DAYS.get(days);
    if (retention == null) {
      throw new IllegalArgumentException("no log retention of " + days + " days");
    }
    return retention;
  }

  /**
   * A log group of a fixed name, kept for {@code retentionDays} and deleted with its stack: a kept
   * group of that name would block the next deploy after a teardown, and the retention already
   * bounds what is lost.
   */
  public static LogGroup group(Construct scope, String id, String name, int retentionDays) {
    return LogGroup.Builder.create(scope, id)
        .logGroupName(name)
        .retention(of(retentionDays))
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  /**
   * The ARN of {@code resourceName} written out in {@code stack}; unlike {@code
   * LogGroup#getLogGroupArn} it ends with ":*" only when the name does.
   */
  public static String groupArn(Stack stack, String resourceName) {
    return stack.formatArn(
        ArnComponents.builder()
            .service("logs")
            .resource("log-group")
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .resourceName(resourceName)
            .build());
  }
}
