package co.usdcop.gate.security;

/**
 * The four roles of usdcop-gate, read from the token's {@code groups} claim
 * ({@code quarkus.oidc.roles.role-claim-path}, env {@code USDCOP_ROLE_CLAIM_PATH}).
 * <ul>
 * <li>{@code researcher} registers experiments and models, runs backtests, proposes promotions;</li>
 * <li>{@code reviewer} casts the human (second) vote on proposals and reads the audit log;</li>
 * <li>{@code admin} overrides, rolls back, trips and resets the kill switch, verifies the audit chain;</li>
 * <li>{@code automation} is the researchers' scripts: same write rights as a researcher, no vote.</li>
 * </ul>
 */
public final class Roles {

    public static final String RESEARCHER = "researcher";
    public static final String REVIEWER = "reviewer";
    public static final String ADMIN = "admin";
    public static final String AUTOMATION = "automation";

    private Roles() {
    }
}
