package dev.stripesetup.permissions;

/**
 * One row of Stripe's "Create restricted key" form: a resource as the Dashboard names it, and the
 * level to tick. Write includes Read there, so a command that reads and writes a resource needs
 * only its Write.
 */
public record Permission(String resource, Access access) implements Comparable<Permission> {
  /** The two levels the form offers besides None. */
  public enum Access {
    READ("Read"), WRITE("Write");

    private final String label;

    Access(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public static Permission read(String resource) {
    return new Permission(resource, Access.READ);
  }

  public static Permission write(String resource) {
    return new Permission(resource, Access.WRITE);
  }

  /** "Customers: Write", as a person reads it off the form. */
  @Override
  public String toString() {
    return resource + ": " + access.label();
  }

  @Override
  public int compareTo(Permission o) {
    int byResource = resource.compareTo(o.resource);
    return byResource != 0 ? byResource : access.compareTo(o.access);
  }
}
