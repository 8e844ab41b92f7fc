package io.clockmirror.image;

import io.quarkus.info.runtime.spi.InfoContributor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The section {@code image} of {@code /q/info}: the {@link ImageIdentity} of the running build,
 * which the deployment hook and the smoke test compare with the tag being deployed. The info
 * extension collects every bean of this type once, when the service starts.
 */
@Singleton
final class ImageInfo implements InfoContributor {

  static final String SECTION = "image";

  private final ImageIdentity identity;

  @Inject
  ImageInfo(
      @ConfigProperty(name = "clockmirror.image.tag") String tag,
      @ConfigProperty(name = "clockmirror.image.commit") String commit) {
    this.identity = new ImageIdentity(tag, commit);
  }

  @Override
  public String name() {
    return SECTION;
  }

  @Override
  public Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tag", identity.tag());
    data.put("commit", identity.commit());
    return data;
  }
}
