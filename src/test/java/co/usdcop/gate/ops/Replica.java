package co.usdcop.gate.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One instance of the packaged service ({@code target/quarkus-app/quarkus-run.jar}) in its own JVM, started the way
 * an operator starts it (prod profile, settings as system properties), its console written to a log file.
 */
public final class Replica implements AutoCloseable {

    final String name;
    final int port;
    public final Path log;
    private final Process process;

    private Replica(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar on a free port. */
    public static Replica start(String name, Map<String, String> properties, Duration timeout) throws Exception {
        return start(name, properties, timeout, freePort());
    }

    /** Starts the jar with {@code properties} as {@code -D} options on {@code port} and waits until it listens. */
    public static Replica start(String name, Map<String, String> properties, Duration timeout, int port) throws Exception {
        return start(name, List.of(), properties, timeout, port);
    }

    /** As {@link #start(String, Map, Duration, int)}, with JVM options (heap limits, …) before the properties. */
    public static Replica start(String name, List<String> jvmOptions, Map<String, String> properties, Duration timeout,
            int port) throws Exception {
        Path dir = Path.of("target", "replicas");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Replica r = new Replica(name, port, log, p);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("replica " + name + " exited with " + p.exitValue() + "; see " + log);
            }
            if (Files.readString(log).contains("Listening on:")) {
                return r;
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IllegalStateException("replica " + name + " did not start within " + timeout + "; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, the replica's leases are simply no longer renewed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
