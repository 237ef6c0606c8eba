package dev.switchboard.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a key needs for a resource class or method (the method's wins). A {@code /v1} resource
 * without one needs {@link Scope#ADMIN}: a new route is closed until someone says who may call it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {
  Scope value();
}
