package dev.stripesetup.billing;

/**
 * One bad input value, named by its field ("amount", "email"). The command line shows it as
 * {@code --amount: reason}; a CSV file as {@code line 7: amount: reason}.
 */
public class InvalidInputException extends RuntimeException {
  private final String field;
  private final String reason;

  public InvalidInputException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
    this.reason = reason;
  }

  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }
}
