package co.usdcop.gate.inference;

import org.eclipse.microprofile.graphql.Description;

@Description("Where replay mode is")
public enum ReplayState {
    @Description("No replay has run since the service started")
    IDLE,
    @Description("Walking the stored bars")
    RUNNING,
    @Description("Every bar of the range was replayed")
    FINISHED,
    @Description("Stopped by an admin (or by shutdown) before the end of the range")
    STOPPED,
    @Description("A bar could not be scored; the message says why")
    FAILED
}
