package dev.stripesetup.output;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QR code of a link, drawn with Unicode half blocks: each text line holds two rows of modules, so
 * the code stays about square in a terminal. Dark modules are drawn as spaces on a light ground
 * (full blocks), which phone cameras read in both light and dark terminal themes. Only the collect
 * path refers to this class, so ZXing is never loaded by other commands.
 */
public final class QrCode {
  /** The four-module quiet zone the QR standard asks for. */
  static final int QUIET_ZONE = 4;

  private QrCode() {}

  /** The lines to print; an empty list if the link cannot be encoded. */
  public static List<String> lines(String text) {
    BitMatrix m;
    try {
      // Error correction L keeps a long Checkout URL to the smallest code.
      m = new QRCodeWriter().encode(text, com.google.zxing.BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, QUIET_ZONE));
    } catch (WriterException | IllegalArgumentException e) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (int y = 0; y < m.getHeight(); y += 2) {
      StringBuilder line = new StringBuilder(m.getWidth());
      for (int x = 0; x < m.getWidth(); x++) {
        boolean top = m.get(x, y);
        boolean bottom = y + 1 < m.getHeight() && m.get(x, y + 1);
        // Light is drawn, dark is left blank: upper half = light top, lower half = light bottom.
        line.append(top ? (bottom ? ' ' : '\u2584') : (bottom ? '\u2580' : '\u2588'));
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
