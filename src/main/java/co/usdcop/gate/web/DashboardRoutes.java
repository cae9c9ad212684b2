package co.usdcop.gate.web;

import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves the static dashboard from the classpath folder {@code web/} (the top-level {@code web} directory) and the
 * two login endpoints: {@code /login} is protected by the OIDC authorization-code flow and, once the session
 * cookie is set, sends the browser back to the dashboard; {@code /logout} drops the session cookies.
 */
@ApplicationScoped
public class DashboardRoutes {

    void routes(@Observes Router router) {
        router.get("/login").handler(ctx -> redirect(ctx, "/"));
        router.get("/logout").handler(this::logout);
        router.route("/*").order(Integer.MAX_VALUE - 10).handler(StaticHandler.create("web")
                .setIndexPage("index.html")
                .setCachingEnabled(LaunchMode.current() != LaunchMode.DEVELOPMENT)
                .setDefaultContentEncoding("UTF-8"));
    }

    private void logout(RoutingContext ctx) {
        for (Cookie cookie : ctx.request().cookies()) {
            if (cookie.getName().startsWith("q_session") || cookie.getName().startsWith("q_auth")) {
                ctx.response().addCookie(Cookie.cookie(cookie.getName(), "").setPath("/").setMaxAge(0));
            }
        }
        redirect(ctx, "/");
    }

    private static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }
}
