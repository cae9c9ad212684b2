package co.usdcop.gate.audit;

import co.usdcop.gate.common.error.ErrorTranslator;
import co.usdcop.gate.common.error.GateException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Records refusals of {@link AuditRefusals} operations: the code, the message the caller got and the arguments.
 * Runs just inside the GraphQL error boundary, outside the operation's transaction.
 */
@AuditRefusals
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 1)
public class AuditRefusalsInterceptor {

    /** The codes of a refused gate action (not NOT_FOUND, UNAUTHORIZED or INTERNAL). */
    static final Set<String> REFUSALS = Set.of("VALIDATION", "CONFLICT", "FORBIDDEN");

    @Inject
    AuditLog audit;

    @Inject
    ErrorTranslator translator;

    @AroundInvoke
    Object auditRefusal(InvocationContext ctx) throws Exception {
        try {
            return ctx.proceed();
        } catch (Throwable failure) {
            GateException refused = translator.translate(failure, ctx.getMethod());
            if (REFUSALS.contains(refused.code())) {
                AuditRefusals how = ctx.getMethod().getAnnotation(AuditRefusals.class);
                Object[] args = ctx.getParameters();
                Parameter[] params = ctx.getMethod().getParameters();
                Map<String, Object> arguments = new LinkedHashMap<>();
                for (int i = 0; i < args.length; i++) {
                    arguments.put(params[i].getName(), args[i] == null ? null : String.valueOf(args[i]));
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("operation", ctx.getMethod().getName());
                details.put("code", refused.code());
                details.put("reason", refused.getMessage());
                details.put("arguments", arguments);
                String id = how.idArgument() >= 0 && args[how.idArgument()] != null
                        ? String.valueOf(args[how.idArgument()]) : "-";
                audit.recordSeparately(how.action(), how.entity(), id, details);
            }
            throw refused;
        }
    }
}
