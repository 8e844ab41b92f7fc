package io.clockmirror.web;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point. It hands request-target validation from the framework to {@link
 * RequestGuard}: the framework's check answers an empty 400 that no error handler can reach, and it
 * can only be switched off by this system property, read once when the HTTP layer loads.
 */
@QuarkusMain
public final class ServiceMain {

  /** Read by Quarkus' HTTP recorder; {@link RequestGuard} performs the same check instead. */
  static final String DISABLE_FRAMEWORK_URI_CHECK = "vertx.disableURIValidation";

  private ServiceMain() {}

  /** Starts the service and blocks until it stops. */
  public static void main(String... args) {
    System.setProperty(DISABLE_FRAMEWORK_URI_CHECK, "true");
    Quarkus.run(args);
  }
}
