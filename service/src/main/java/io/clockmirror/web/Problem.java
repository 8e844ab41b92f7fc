package io.clockmirror.web;

import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem detail. The type is always {@code about:blank}, so the title is the HTTP
 * status phrase and {@code detail} carries what went wrong for this request.
 *
 * @param status the HTTP status code
 * @param title the status phrase
 * @param detail a sentence for the client naming the bad value and what is expected
 * @param instance the request path the problem occurred on
 */
public record Problem(int status, String title, String detail, String instance) {

  /** The media type of every error body. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Serialises with the JSON encoder so that any text from the request is escaped. */
  public String toJson() {
    return new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", instance)
        .encode();
  }
}
