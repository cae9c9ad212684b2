package co.usdcop.gate.config;

/** A configuration file is missing, malformed or holds an impossible value; start-up stops with this message. */
public class ConfigException extends RuntimeException {

    public ConfigException(String file, String path, String problem) {
        super(file + (path == null || path.isEmpty() ? "" : ": " + path) + ": " + problem);
    }
}
