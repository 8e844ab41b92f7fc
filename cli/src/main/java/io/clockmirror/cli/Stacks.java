package io.clockmirror.cli;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Looks stacks up, and waits for one CloudFormation is still working on. */
public final class Stacks {

  private final Aws aws;
  private final Duration poll;
  private final Duration patience;

  public Stacks(Aws aws, Duration poll, Duration patience) {
    this.aws = Objects.requireNonNull(aws, "aws");
    this.poll = Objects.requireNonNull(poll, "poll");
    this.patience = Objects.requireNonNull(patience, "patience");
  }

  /**
   * The stack, or empty when there is none. A deleted stack is found only by its ID; by name it
   * does not exist.
   */
  public Optional<Stack> find(String nameOrId) {
    return aws.jsonIfExists(
            List.of("ValidationError"),
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            nameOrId)
        .flatMap(answer -> Json.objects(answer, "Stacks").stream().findFirst())
        .map(Stack::from)
        .filter(
            stack -> !stack.status().equals("DELETE_COMPLETE") || !nameOrId.equals(stack.name()));
  }

  /**
   * The stack once CloudFormation has finished what it was doing (a deploy interrupted by Ctrl-C
   * goes on in CloudFormation), telling {@code waiting} once; empty when there is none (any more).
   */
  public Optional<Stack> settled(String name, Consumer<String> waiting) {
    long deadline = System.nanoTime() + patience.toNanos();
    boolean told = false;
    while (true) {
      Optional<Stack> stack = find(name);
      if (stack.isEmpty() || stack.get().condition() != Stack.Condition.IN_PROGRESS) {
        return stack;
      }
      if (System.nanoTime() > deadline) {
        return stack;
      }
      if (!told) {
        waiting.accept(name + " is " + stack.get().status() + "; waiting for CloudFormation");
        told = true;
      }
      try {
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure(
            ExitCode.INTERRUPTED, "interrupted while waiting for " + name, "run again");
      }
    }
  }
}
