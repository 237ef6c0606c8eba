package dev.switchboard.api.auth;

import java.lang.reflect.Method;
import java.util.Optional;

/** What a request's {@code Authorization} header earns it on a route: allowed, 401 or 403. Pure. */
public sealed interface Access {

  /** The metric tag value of this outcome. */
  String outcome();

  /** The key is valid and has the scope the route needs. */
  record Allowed(ApiKey key) implements Access {
    public String outcome() {
      return "allowed";
    }
  }

  /** No bearer key, or one no entry has: 401. */
  record Unauthenticated(String detail) implements Access {
    public String outcome() {
      return "unauthenticated";
    }
  }

  /** A valid key without the scope the route needs: 403. */
  record Forbidden(ApiKey key, Scope missing) implements Access {
    public String outcome() {
      return "forbidden";
    }

    /** Names the key and the scope, never the secret. */
    public String detail(String route) {
      return "the API key '"
          + key.name()
          + "' lacks the scope '"
          + missing.wireName()
          + "' that "
          + route
          + " needs; its scopes: "
          + String.join(", ", key.scopes().stream().sorted().map(Scope::wireName).toList());
    }
  }

  static Access decide(String authorization, ApiKeys keys, Scope required) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Unauthenticated("send Authorization: Bearer <api key>");
    }
    Optional<ApiKey> key = keys.authenticate(authorization.substring(7).trim());
    if (key.isEmpty()) {
      return new Unauthenticated("the API key is not valid");
    }
    return key.get().allows(required) ? new Allowed(key.get()) : new Forbidden(key.get(), required);
  }

  /** The scope a resource method needs: its own annotation, its class's, else admin. */
  static Scope required(Class<?> resource, Method method) {
    RequiresScope onMethod = method == null ? null : method.getAnnotation(RequiresScope.class);
    if (onMethod != null) {
      return onMethod.value();
    }
    RequiresScope onClass = resource == null ? null : resource.getAnnotation(RequiresScope.class);
    return onClass == null ? Scope.ADMIN : onClass.value();
  }
}
