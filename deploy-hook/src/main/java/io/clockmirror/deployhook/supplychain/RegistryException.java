package io.clockmirror.deployhook.supplychain;

import java.io.IOException;

/** A registry answered, but not as the distribution API promises (an error status, bad content). */
final class RegistryException extends IOException {

  private static final long serialVersionUID = 1L;

  RegistryException(String message) {
    super(message);
  }
}
