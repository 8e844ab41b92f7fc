package io.clockmirror.web;

import static io.quarkus.smallrye.openapi.runtime.OpenApiConstants.DEFAULT_DOCUMENT_NAME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Serves the YAML form of the OpenAPI document, written from the JSON form the framework builds.
 *
 * <p>The framework's YAML writer leaves a string unquoted unless it looks like a YAML 1.2 number,
 * so {@code '12:22'} goes out as {@code 12:22}, which a YAML 1.1 reader (PyYAML, SnakeYAML, most
 * API tools) reads as the base-60 number 742. This writer quotes every string that a YAML 1.1
 * reader would resolve to anything but a string. The JSON form is left to the framework.
 */
@Singleton
final class OpenApiYaml {

  static final String PATH = "/openapi";

  /** Right after RequestGuard, ahead of the framework's own route for the same paths. */
  static final int ORDER = RequestGuard.ORDER + 1;

  private static final CharSequence YAML_TYPE =
      HttpHeaders.createOptimized(Format.YAML.getMimeType());

  private final OpenApiDocumentService documents;

  /** Written on first use: the framework finishes the document after the routes are set up. */
  private volatile Buffer yaml;

  OpenApiYaml(OpenApiDocumentService documents) {
    this.documents = documents;
  }

  void register(@Observes Router router) {
    for (String path : List.of(PATH, PATH + ".yaml", PATH + ".yml")) {
      router.get(path).order(ORDER).handler(this::serve);
    }
  }

  /** YAML exactly when the framework would choose it: same suffixes, parameter and Accept rule. */
  private void serve(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean yamlAsked = path.endsWith(".yaml") || path.endsWith(".yml");
    if (!yamlAsked) {
      List<String> format = ctx.queryParam("format");
      String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
      boolean jsonAsked =
          (accept != null && accept.contains(Format.JSON.getMimeType()))
              || (!format.isEmpty() && "JSON".equalsIgnoreCase(format.get(0)));
      if (jsonAsked) {
        ctx.next();
        return;
      }
    }
    Buffer body = yaml;
    if (body == null) {
      body = Buffer.buffer(toYaml(documents.getDocument(DEFAULT_DOCUMENT_NAME, Format.JSON)));
      yaml = body;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, YAML_TYPE)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .end(body);
  }

  static byte[] toYaml(byte[] json) {
    try {
      JsonNode document = new ObjectMapper().readTree(json);
      YAMLFactory factory =
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .stringQuotingChecker(new Yaml11QuotingChecker())
              .build();
      return new ObjectMapper(factory).writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document is not JSON", e);
    }
  }

  /** Quotes, on top of Jackson's own rules, what YAML 1.1 would not read back as a string. */
  private static final class Yaml11QuotingChecker extends StringQuotingChecker.Default {

    private static final long serialVersionUID = 1L;

    private final transient Resolver resolver = new Resolver();

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name) || !readsAsString(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || !readsAsString(value);
    }

    private boolean readsAsString(String plain) {
      return Tag.STR.equals(resolver.resolve(NodeId.scalar, plain, true));
    }
  }
}
