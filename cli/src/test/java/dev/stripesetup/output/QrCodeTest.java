package dev.stripesetup.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.Decoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The half-block drawing reads back, module for module, as a QR code of the link. */
class QrCodeTest {
  static final String LINK = "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ"
      + "#fidkdWxOYHwnPyd1blpxYHZxWjA0T";

  @Test
  void drawingDecodesBackToTheLink() throws Exception {
    List<String> lines = QrCode.lines(LINK);

    int width = lines.get(0).length();
    assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(width).matches("[ \u2580\u2584\u2588]+"));
    // Two module rows per text line; the quiet zone is light (drawn) all round.
    assertThat(lines.get(0)).matches("\u2588+");
    BitMatrix modules = new BitMatrix(width, lines.size() * 2);
    for (int y = 0; y < lines.size(); y++) {
      for (int x = 0; x < width; x++) {
        char c = lines.get(y).charAt(x);
        if (c == ' ' || c == '\u2584') {
          modules.set(x, 2 * y); // top half dark
        }
        if (c == ' ' || c == '\u2580') {
          modules.set(x, 2 * y + 1); // bottom half dark
        }
      }
    }
    int size = width - 2 * QrCode.QUIET_ZONE;
    BitMatrix code = new BitMatrix(size);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        if (modules.get(x + QrCode.QUIET_ZONE, y + QrCode.QUIET_ZONE)) {
          code.set(x, y);
        }
      }
    }
    assertThat(new Decoder().decode(code).getText()).isEqualTo(LINK);
  }
}
