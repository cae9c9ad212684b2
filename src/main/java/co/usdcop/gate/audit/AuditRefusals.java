package co.usdcop.gate.audit;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a gate operation (a GraphQL mutation): when it is refused with VALIDATION, CONFLICT or FORBIDDEN, the refusal
 * is appended to the audit log as {@link #action()} after the refused transaction ended (so the refusal is kept
 * although the operation wrote nothing, and it never waits for a lock its own transaction holds).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AuditRefusals {

    /** The audit action of a refusal, {@code domain.verb_past} (e.g. {@code promotion.vote_refused}). */
    @Nonbinding
    String action() default "";

    /** The audited entity kind (e.g. {@code proposal}). */
    @Nonbinding
    String entity() default "";

    /** Index of the argument holding the entity's id; -1 when the operation has none. */
    @Nonbinding
    int idArgument() default -1;
}
