package dev.switchboard.core.redis;

import java.util.List;

/**
 * One invocation of a script: which script, its KEYS and its ARGV. Built by {@link ScriptCalls}.
 */
public record ScriptCall(LuaScript script, List<String> keys, List<String> args) {
  public ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }
}
