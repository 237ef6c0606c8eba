package dev.switchboard.client.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The protocol's one JSON mapper (thread-safe once configured). */
final class ProtocolJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ProtocolJson() {}
}
