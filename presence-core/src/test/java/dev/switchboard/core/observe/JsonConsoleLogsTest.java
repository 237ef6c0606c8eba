package dev.switchboard.core.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

class JsonConsoleLogsTest {

  @Test
  void aRecordAboutAConnectionIsOneJsonObjectWithItsFields() {
    // given
    ExtLogRecord record =
        new ExtLogRecord(
            Level.INFO, "took over from conn %s", ExtLogRecord.FormatStyle.PRINTF, "x");
    record.setParameters(new Object[] {"c-0"});
    record.setLoggerName("dev.switchboard.edge.lifecycle.ClaimFlow");
    record.setMdc(Map.of("inst", "i-1", "device", "phone-1", "conn", "c-1"));

    // when
    String line = JsonConsoleLogs.formatter().format(record);

    // then
    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("message")).isEqualTo("took over from conn c-0");
    assertThat(json.getString("loggerName")).isEqualTo("dev.switchboard.edge.lifecycle.ClaimFlow");
    assertThat(json.getJsonObject("mdc").getMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("inst", "i-1", "device", "phone-1", "conn", "c-1"));
  }

  @Test
  void theInstanceFilterPutsInstOnARecordThatLacksIt() {
    // given
    InstanceLogFilter.instance("i-9");
    ExtLogRecord bare = new ExtLogRecord(Level.INFO, "started", "x");
    bare.setMdc(Map.of());
    ExtLogRecord own = new ExtLogRecord(Level.INFO, "about a socket", "x");
    own.setMdc(Map.of("inst", "i-1"));

    // when
    new InstanceLogFilter().isLoggable(bare);
    new InstanceLogFilter().isLoggable(own);

    // then
    assertThat(bare.getMdc("inst")).isEqualTo("i-9");
    assertThat(own.getMdc("inst")).isEqualTo("i-1");
  }
}
