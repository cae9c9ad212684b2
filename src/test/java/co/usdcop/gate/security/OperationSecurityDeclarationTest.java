package co.usdcop.gate.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Query;
import org.junit.jupiter.api.Test;

/** Every GraphQL operation of every feature declares who may call it (and none is left open by accident). */
class OperationSecurityDeclarationTest {

    @Test
    void everyOperationDeclaresItsRoles() throws Exception {
        List<String> undeclared = new ArrayList<>();
        int operations = 0;
        for (Class<?> api : graphQLApis()) {
            for (Method m : api.getDeclaredMethods()) {
                boolean operation = m.isAnnotationPresent(Query.class) || m.isAnnotationPresent(Mutation.class)
                        || m.isAnnotationPresent(io.smallrye.graphql.api.Subscription.class);
                if (!operation) {
                    continue;
                }
                operations++;
                boolean declared = m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(Authenticated.class)
                        || api.isAnnotationPresent(RolesAllowed.class) || api.isAnnotationPresent(Authenticated.class);
                if (!declared || m.isAnnotationPresent(PermitAll.class)) {
                    undeclared.add(api.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertTrue(operations >= 4, "found only " + operations + " operations; is the scan broken?");
        assertTrue(undeclared.isEmpty(), "operations without @RolesAllowed/@Authenticated: " + undeclared);
    }

    /** Every GraphQL operation as "Q name", "M name" or "S name" (the name in the schema). */
    static List<String> operations() throws IOException, ClassNotFoundException {
        List<String> out = new ArrayList<>();
        for (Class<?> api : graphQLApis()) {
            for (Method m : api.getDeclaredMethods()) {
                Query q = m.getAnnotation(Query.class);
                Mutation mu = m.getAnnotation(Mutation.class);
                io.smallrye.graphql.api.Subscription s = m.getAnnotation(io.smallrye.graphql.api.Subscription.class);
                if (q != null) {
                    out.add("Q " + (q.value().isEmpty() ? m.getName() : q.value()));
                } else if (mu != null) {
                    out.add("M " + (mu.value().isEmpty() ? m.getName() : mu.value()));
                } else if (s != null) {
                    out.add("S " + (s.value().isEmpty() ? m.getName() : s.value()));
                }
            }
        }
        return out;
    }

    private static List<Class<?>> graphQLApis() throws IOException, ClassNotFoundException {
        Path root = Path.of("target/classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, OperationSecurityDeclarationTest.class.getClassLoader());
                if (c.isAnnotationPresent(GraphQLApi.class)) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
