package co.usdcop.gate.ops;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the packaged service (jar or native binary, prod profile) needs to start in {@link PackagedServiceIT}: a
 * WireMock OIDC server whose tokens it trusts (their audience required, as in prod), an empty schema of its own, the
 * demo models and synthetic market, and replay enabled.
 */
public class PackagedServiceResource implements QuarkusTestResourceLifecycleManager {

    static final String SCHEMA = PackagedRun.schema("packaged");

    private final OidcWiremockTestResource oidc = new OidcWiremockTestResource();

    @Override
    public Map<String, String> start() {
        PackagedRun.dropSchema(SCHEMA);
        Map<String, String> props = PackagedRun.properties(SCHEMA, oidc.start(), Path.of("config"),
                Path.of("target", "packaged-data"));
        props.put("usdcop.demo.enabled", "true");
        props.put("usdcop.replay.enabled", "true");
        return props;
    }

    @Override
    public void stop() {
        oidc.stop();
    }
}
