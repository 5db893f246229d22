package dev.stripesetup.config;

/** A problem with configuration or secrets (missing key, unreadable file): exit code 3. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
