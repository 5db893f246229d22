package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatusCommandTest extends OperateCli {

  @Test
  void showsASubscriptionById() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    CliRun.Result r = op("status", sub);
    System.out.println(r.all());
    assertThat(r.exitCode()).as(r.all()).isZero();
  }
}
