package dev.foil.index;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of Foil, as the build wrote it: the one {@code foil --version}, reports and manifests all
 * say, whichever module asks and however it was packaged.
 */
public final class FoilVersion {
  private static final String VERSION = read();

  private FoilVersion() {}

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = FoilVersion.class.getResourceAsStream("foil-version.properties")) {
      if (in == null) {
        throw new IllegalStateException("foil-version.properties is missing from the class path: a broken build");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
