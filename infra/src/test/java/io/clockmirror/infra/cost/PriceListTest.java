package io.clockmirror.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class PriceListTest {

  @Test
  void everyPriceHasASourceAndTheDayItWasRead() {
    PriceList prices = PriceList.forRegion("eu-west-1");

    assertThat(prices.prices()).hasSize(PriceKey.values().length);
    assertThat(prices.prices().values())
        .allSatisfy(
            price -> {
              assertThat(price.source()).startsWith("https://");
              assertThat(price.read()).isBeforeOrEqualTo(prices.asOf());
              assertThat(price.evidence()).isNotBlank();
            });
  }

  @Test
  void aRegionWithoutAPriceFileIsRefused() {
    assertThatThrownBy(() -> PriceList.forRegion("us-east-1"))
        .hasMessageContaining("no prices for region us-east-1")
        .hasMessageContaining("prices/us-east-1.json");
  }

  @Test
  void aMissingOrUnknownPriceIsRefused() throws Exception {
    ObjectNode file = file();
    ((ObjectNode) file.path("prices")).remove("alb.hour");
    assertThatThrownBy(() -> PriceList.parse(file)).hasMessageContaining("lack alb.hour");

    ObjectNode typo = file();
    ((ObjectNode) typo.path("prices")).set("alb.houre", typo.path("prices").path("alb.hour"));
    assertThatThrownBy(() -> PriceList.parse(typo))
        .hasMessageContaining("unknown keys [alb.houre]");
  }

  private static ObjectNode file() throws Exception {
    try (InputStream in = PriceListTest.class.getResourceAsStream("/prices/eu-west-1.json")) {
      return (ObjectNode) new ObjectMapper().readTree(in);
    }
  }
}
