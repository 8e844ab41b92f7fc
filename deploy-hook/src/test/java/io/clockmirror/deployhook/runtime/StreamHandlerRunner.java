package io.clockmirror.deployhook.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a Lambda handler string ({@code package.Class::method}) on one event the way the Java
 * managed runtime does for a stream handler: loads the class by name from the class path, makes it
 * with its public no-argument constructor and calls {@code method(InputStream, OutputStream,
 * Context)}. Usage: {@code HANDLER EVENT_FILE RESPONSE_FILE}; the environment is the function's.
 */
public final class StreamHandlerRunner {

  private StreamHandlerRunner() {}

  public static void main(String[] args) throws Exception {
    String[] handler = args[0].split("::", 2);
    Class<?> type = Class.forName(handler[0]);
    Method method =
        type.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class);
    Object instance = type.getConstructor().newInstance();
    try (InputStream event = Files.newInputStream(Path.of(args[1]));
        OutputStream response = Files.newOutputStream(Path.of(args[2]))) {
      method.invoke(instance, event, response, null);
    }
  }
}
