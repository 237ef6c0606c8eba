package dev.switchboard.core.redis;

import java.util.List;

/**
 * One invocation of a script: which script, its KEYS and its ARGV, and the key that routes it to a
 * shared connection (its first key unless given: every call about one device names the device's
 * entry key, so Redis runs them in the order this process sent them). Built by {@link ScriptCalls}.
 */
public record ScriptCall(
    LuaScript script, List<String> keys, List<String> args, String routingKey) {
  public ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }

  public ScriptCall(LuaScript script, List<String> keys, List<String> args) {
    this(script, keys, args, keys.isEmpty() ? "" : keys.get(0));
  }
}
