package dev.stripesetup.cli;

import com.stripe.Stripe;
import picocli.CommandLine.IVersionProvider;

/** The tool's version from the jar manifest, with the Stripe library and API version it speaks. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
        "stripe-setup " + (v == null ? "dev" : v),
        "stripe-java " + Stripe.VERSION + ", Stripe API " + Stripe.API_VERSION
            + ", Java " + System.getProperty("java.version")
    };
  }
}
