package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad flag or file: one line naming it, a distinct exit code, nothing sent to Stripe. */
class BadInputTest extends FakeStripeCli {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "--name 'Jenny' --email jenny@example.com                           | --amount: is required",
      "--email jenny@example.com --amount 20                              | --name: is required",
      "--name J --amount 20                                               | --email: is required",
      "--name J --email jenny@example --amount 20                         | --email: 'jenny@example' is not a valid email",
      "--name J --email j@example.com --amount 0                          | --amount: must be greater than zero",
      "--name J --email j@example.com --amount -5                         | --amount: must be greater than zero",
      "--name J --email j@example.com --amount 19.999                     | --amount: usd allows at most 2 decimals",
      "--name J --email j@example.com --amount 20.5 --currency jpy        | --amount: jpy takes whole amounts",
      "--name J --email j@example.com --amount 1000000                    | --amount: '1000000' is over Stripe's maximum",
      "--name J --email j@example.com --amount twenty                     | --amount: 'twenty' is not an amount",
      "--name J --email j@example.com --amount 20 --currency dollars      | --currency: 'dollars' is not a three-letter",
      "--name J --email j@example.com --amount 20 --currency xyz          | --currency: 'xyz' is not an ISO 4217",
      "--name J --email j@example.com --amount 20 --interval fortnight    | --interval: 'fortnight' is not one of",
      "--name J --email j@example.com --amount 20 --interval-count 0      | --interval-count: must be between 1 and 36",
      "--name J --email j@example.com --amount 20 --interval year --interval-count 4 | --interval-count: must be between 1 and 3",
      "--name J --email j@example.com --amount 20 --trial-days -1         | --trial-days: must be between 0 and 730",
      "--name J --email j@example.com --amount 20 --trial-days soon       | --trial-days: 'soon' is not a whole number",
      "--name J --email j@example.com --amount 20 --metadata novalue      | --metadata",
      "--name J --email j@example.com --amount 20 --metadata created_by=x | --metadata: key 'created_by' is reserved",
      "--name J --email j@example.com --amount 20 --test-card diners      | --test-card: 'diners' is not one of",
      "--name J --email j@example.com --amount 20 --payment-method 4242424242424242 | --payment-method: '4242424242424242' is not a PaymentMethod ID",
      "--name J --email j@example.com --price prod_123                    | --price: 'prod_123' is not a price ID",
      "--name J --email j@example.com --amount 20 --price price_123       | --amount: give either --amount or --price",
      "--name J --email j@example.com --amount 20 --customer jenny        | --customer: 'jenny' is not a customer ID",
      "--name J --email j@example.com --amount 20 --api-base ftp://x      | Invalid value for option '--api-base': 'ftp://x' must be an http",
      "--name J --email j@example.com --amount 20 --bogus                 | Unknown option: '--bogus'",
      "--name J --email j@example.com --amount 20 --currency xau          | --currency: 'xau' is a fund or test code",
      "--name J --email j@example.com --amount 20 --customer cus_a-b      | --customer: 'cus_a-b' is not a customer ID",
  })
  void badFlagIsRefusedWithOneLineNamingItAndNothingSent(String args, String expected) {
    // Pointed at the fake (unless the row is about --api-base itself): "nothing sent" is only
    // checked if whatever would be sent goes to the fake.
    CliRun.Result r = args.contains("--api-base") ? cli.run(splitArgs(args)) : run(splitArgs(args));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(expected).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(r.err().lines().filter(l -> l.contains(expected)).count()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aKeyTypedAsAnArgumentIsMaskedAndExplained() {
    CliRun.Result r = cli.run(with(JENNY, "--api-key", CliRun.TEST_KEY));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Keys are never taken as arguments").doesNotContain(CliRun.TEST_KEY);
  }

  @Test
  void credentialsInAMistypedUrlFlagAndAtFilesAreNeverEchoed() throws Exception {
    CliRun.Result typo = cli.run(with(JENNY, "--api-bse=https://proxyuser:s3cretpass@proxy.example", "--json"));
    assertThat(typo.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(typo.all()).doesNotContain("s3cretpass").contains("//***@proxy.example");

    // picocli would expand @FILE into its lines (a .env's included) and echo them in the error.
    Files.writeString(dir.resolve("args.txt"), "DATABASE_PASSWORD=hunter2pass\n");
    CliRun.Result at = cli.run("status", "sub_123", "@" + dir.resolve("args.txt").toAbsolutePath());
    assertThat(at.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(at.all()).doesNotContain("hunter2pass");
  }

  @Test
  void missingKeyIsAConfigurationErrorThatSaysWhereItLooked() {
    cli.key(null);
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("no Stripe API key").contains("STRIPE_API_KEY").contains(".env");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void publishableKeyIsRefused() {
    cli.key("pk_test_abcdefghijklmnop1234");
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("publishable key").doesNotContain("pk_test_abcdefghijklmnop1234");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void keyFromDotEnvIsUsedAndItsSourceNamed() throws Exception {
    cli.key(null);
    Path env = dir.resolve(".env");
    Files.writeString(env, "# comment\nSTRIPE_SECRET_KEY=" + CliRun.TEST_KEY + "\n");
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-------"));
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("from .env (STRIPE_SECRET_KEY)").doesNotContain("readable by other users");
  }

  @Test
  void environmentWinsOverDotEnv() throws Exception {
    Files.writeString(dir.resolve(".env"), "STRIPE_API_KEY=sk_test_fromDotEnvFile000000000000001111\n");
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("from environment variable STRIPE_API_KEY");
  }

  @Test
  void dotEnvReadableByOthersGetsAWarning() throws Exception {
    cli.key(null);
    Path env = dir.resolve(".env");
    Files.writeString(env, "STRIPE_API_KEY=" + CliRun.TEST_KEY + "\n");
    Files.setPosixFilePermissions(env, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("warning: .env is readable by other users");
  }

  @Test
  void malformedDotEnvNamesTheLineWithoutEchoingIt() throws Exception {
    cli.key(null);
    Files.writeString(dir.resolve(".env"), "STRIPE_API_KEY=" + CliRun.TEST_KEY + "\nthis line is " + CliRun.TEST_KEY + "\n");
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains(".env line 2: not a KEY=VALUE entry");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void missingEnvFileNamedOnTheCommandLineIsAnError() {
    CliRun.Result r = run(with(JENNY, "--env-file", "nowhere.env"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("--env-file: nowhere.env does not exist");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void envFileFlagReplacesDotEnv() throws Exception {
    cli.key(null);
    Files.writeString(dir.resolve("stripe.env"), "STRIPE_API_KEY=" + CliRun.TEST_KEY + "\n");
    CliRun.Result r = run(with(JENNY, "--env-file", "stripe.env"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("from stripe.env (STRIPE_API_KEY)");
  }

  @Test
  void dryRunSendsNothingNeedsNoKeyAndListsEveryCall() {
    cli.key(null);
    CliRun.Result r = run(with(JENNY, "--dry-run"));
    assertThat(r.exitCode()).isZero();
    assertThat(fake.requests()).isEmpty();
    assertThat(r.out()).contains("Dry run: nothing will be sent").contains("key: none found")
        .contains("GET /v1/customers").contains("POST /v1/prices").contains("unit_amount=2000")
        .contains("POST /v1/customers").contains("payment_method=pm_card_visa")
        .contains("invoice_settings[default_payment_method]=pm_card_visa")
        .contains("POST /v1/payment_methods/pm_card_visa/attach").contains("POST /v1/subscriptions")
        .contains("Idempotency-Key: stripe-setup-v1:");
  }

  @Test
  void dryRunShowsTheKeyMaskedAndItsSource() {
    CliRun.Result r = run(with(JENNY, "--dry-run", "--json"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("sk_test_...4242 from environment variable STRIPE_API_KEY").contains("\"dry_run\":true").contains("\"idempotency_key\":\"stripe-setup-v1:");
    assertThat(fake.requests()).isEmpty();
  }

  private static String[] splitArgs(String args) {
    java.util.List<String> out = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(args.strip());
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out.toArray(String[]::new);
  }

  @Test
  void aKeyTypedIntoAFlagValueIsMaskedEverywhere() {
    String typed = "sk_live_51TypedIntoTheWrongFlag000000000000007777";
    CliRun.Result r = run(with(JENNY, "--payment-method", typed, "--json"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.all()).doesNotContain(typed).contains("sk_live_...7777");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void overlongIdsAreRefusedBeforeAnyCall() {
    CliRun.Result r = run(with(JENNY, "--payment-method", "pm_" + "x".repeat(300)));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--payment-method:");
    assertThat(fake.requests()).isEmpty();
  }
}
