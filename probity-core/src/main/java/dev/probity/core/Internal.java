package dev.probity.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Public only so that Probity's own modules can share it: an implementation detail, not part of the library's
 * API. Faces (the command line; the service and Spark to come) and users call the workflows and values instead,
 * and an internal type may change in any release. {@code ArchitectureTest} checks that no face uses one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Internal {
    /** What to use instead, for people who find the type. */
    String value() default "";
}
