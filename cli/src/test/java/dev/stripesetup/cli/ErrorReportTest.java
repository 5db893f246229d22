package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.batch.BadFileException;
import dev.stripesetup.output.JsonResult;
import dev.stripesetup.simulate.SimulationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one exit-code mapper and the one JSON envelope. */
class ErrorReportTest {

  @Test
  void aSimulationThatStripeBrokeIsANetworkErrorAndOneThatCannotGoOnAnInvalidRequest() {
    ErrorReport broke = ErrorReport.of(new SimulationException(SimulationException.Kind.STRIPE_FAILED, "test clock clock_1 failed"));
    ErrorReport stuck = ErrorReport.of(new SimulationException(SimulationException.Kind.CANNOT_CONTINUE, "cannot go on"));
    assertThat(broke.exitCode()).isEqualTo(ExitCode.NETWORK);
    assertThat(broke.message()).isEqualTo("test clock clock_1 failed");
    assertThat(stuck.exitCode()).isEqualTo(ExitCode.STRIPE_INVALID_REQUEST);
    assertThat(ErrorReport.EXIT_CODES.getExitCode(new SimulationException(SimulationException.Kind.STRIPE_FAILED, "x")))
        .isEqualTo(ExitCode.NETWORK);
  }

  @Test
  void aBadInputFileIsExit2WhereverItIsFound() {
    assertThat(ErrorReport.of(new BadFileException("a.csv: the file is empty")).exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void theEnvelopeSaysOkExactlyWhenTheExitCodeIsZeroAndComesFirst() {
    assertThat(JsonResult.of(0)).containsExactly(Map.entry("ok", true), Map.entry("exit_code", 0));
    assertThat(JsonResult.of("summary", 7)).containsExactly(Map.entry("type", "summary"), Map.entry("ok", false),
        Map.entry("exit_code", 7));
    assertThat(new ErrorReport(ExitCode.CONFIG, "configuration", "no key", Map.of()).json().keySet())
        .containsExactly("ok", "exit_code", "error");
  }
}
