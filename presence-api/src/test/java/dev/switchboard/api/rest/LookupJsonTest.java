package dev.switchboard.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.read.PresenceView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupJsonTest {

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void writesTheBytesDataBindingWritesForTheSameAnswer() throws Exception {
    // given: online, offline and stale results, and owner fields that need escaping
    List<PresenceView> views = new ArrayList<>();
    views.add(
        new PresenceView(
            "dev-1", true, null, "c-1", 7L, "edge-0", "uid-0", "node-a", "i-1", 1000L, 2000L));
    views.add(PresenceView.offline("dev-2"));
    views.add(PresenceView.stale("dev-3"));
    views.add(
        new PresenceView(
            "dev-4",
            true,
            null,
            "c\"4\\",
            Long.MAX_VALUE,
            "pod\n\u2028é",
            "",
            "\u0001",
            "i-2",
            0L,
            -1L));

    // when
    String written = new String(LookupJson.write(views), StandardCharsets.UTF_8);

    // then
    assertThat(written)
        .isEqualTo(mapper.writeValueAsString(new PresenceResource.LookupResponse(views)));
  }

  @Test
  void writesAnEmptyAnswer() throws Exception {
    // when
    String written = new String(LookupJson.write(List.of()), StandardCharsets.UTF_8);

    // then
    assertThat(written).isEqualTo("{\"results\":[]}");
  }
}
