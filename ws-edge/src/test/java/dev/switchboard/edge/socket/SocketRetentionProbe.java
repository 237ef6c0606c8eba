package dev.switchboard.edge.socket;

import io.vertx.core.impl.ContextInternal;
import io.vertx.core.spi.context.storage.AccessMode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Walks the objects one open socket keeps (from Quarkus's connection and Vert.x's socket), by
 * reflection, and names every {@link ConcurrentHashMap} it meets with its keys and the path to it.
 * Shared objects (Vert.x, the event loop, beans, classes) are not entered, so what is found belongs
 * to the socket. Test code only: it reads other libraries' private fields.
 */
final class SocketRetentionProbe {

  /** A map met on the walk: how it was reached and what it holds. */
  record FoundMap(String path, Set<Object> keys) {}

  private static final int MAX_DEPTH = 8;

  private static final List<String> SHARED =
      List.of(
          "io.vertx.core.impl.VertxImpl",
          "io.vertx.core.impl.EventLoopContext",
          "io.vertx.core.impl.ContextImpl",
          "io.vertx.core.impl.WorkerContext",
          "io.netty.channel.epoll.EpollEventLoop",
          "io.netty.channel.nio.NioEventLoop",
          "io.vertx.core.http.impl.HttpServerImpl",
          "io.vertx.core.net.impl.TCPServerBase",
          "io.quarkus.arc.",
          "io.quarkus.websockets.next.runtime.ConnectionManager",
          "io.quarkus.websockets.next.runtime.Codecs",
          "io.vertx.core.http.HttpServerOptions",
          "io.vertx.core.eventbus.",
          "io.netty.buffer.",
          "io.netty.channel.DefaultChannelPipeline$HeadContext",
          "io.netty.channel.DefaultChannelPipeline$TailContext",
          "io.netty.channel.DefaultChannelPromise",
          "io.netty.channel.AbstractChannel$CloseFuture",
          "org.jboss.logging.",
          "dev.switchboard.");

  /**
   * The object arrays met on the last walk, with their paths (what {@code Object[]} per socket is).
   */
  static final List<String> ARRAYS = new ArrayList<>();

  private SocketRetentionProbe() {}

  static List<FoundMap> maps(Object... roots) {
    List<FoundMap> found = new ArrayList<>();
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    Deque<Object[]> queue = new ArrayDeque<>();
    for (Object root : roots) {
      queue.add(new Object[] {root, root.getClass().getSimpleName(), 0});
    }
    while (!queue.isEmpty()) {
      Object[] next = queue.poll();
      Object o = next[0];
      String path = (String) next[1];
      int depth = (int) next[2];
      if (o == null || seen.put(o, true) != null || depth > MAX_DEPTH || isShared(o)) {
        continue;
      }
      if (o instanceof ContextInternal context) {
        // Vert.x 4.5 keeps a context's local map in its locals array (a java.base type the walk
        // does not enter); reading it this way does not create it.
        Object locals = context.getLocal(ContextInternal.LOCAL_MAP, AccessMode.CONCURRENT);
        queue.add(new Object[] {locals, path + "<locals>", depth + 1});
      }
      if (o instanceof ConcurrentHashMap<?, ?> map) {
        found.add(new FoundMap(path, Set.copyOf(map.keySet())));
        continue;
      }
      Class<?> type = o.getClass();
      if (type.isArray()
          || type.getName().startsWith("java.")
          || type.getName().startsWith("jdk.")) {
        if (o instanceof Collection<?> c) {
          int i = 0;
          for (Object element : c.toArray()) {
            queue.add(new Object[] {element, path + "[" + i++ + "]", depth + 1});
          }
        } else if (o instanceof Object[] array) {
          ARRAYS.add(path + " " + type.getSimpleName() + "(" + array.length + ")");
          for (int i = 0; i < array.length; i++) {
            queue.add(new Object[] {array[i], path + "[" + i + "]", depth + 1});
          }
        }
        continue;
      }
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        if (c.getName().startsWith("java.")) {
          break;
        }
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
            continue;
          }
          try {
            f.setAccessible(true);
            queue.add(new Object[] {f.get(o), path + "." + f.getName(), depth + 1});
          } catch (RuntimeException | IllegalAccessException e) {
            // a field the walk may not read: not the socket's
          }
        }
      }
    }
    return found;
  }

  private static boolean isShared(Object o) {
    String name = o.getClass().getName();
    return o instanceof Class<?>
        || o instanceof ClassLoader
        || o instanceof Thread
        || SHARED.stream().anyMatch(name::startsWith);
  }
}
