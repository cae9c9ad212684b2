package co.usdcop.gate.common.graphql;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on every {@code @GraphQLApi} class: whatever an operation throws leaves it as a
 * {@link co.usdcop.gate.common.error.GateException} with a code and a message a user can act on.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface GraphQLErrorBoundary {
}
