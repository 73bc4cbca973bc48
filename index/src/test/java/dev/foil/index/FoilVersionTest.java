package dev.foil.index;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The build fills in the version every report, manifest and {@code --version} names. */
class FoilVersionTest {
  @Test
  void theVersionIsTheProjectsNotAPlaceholder() {
    assertTrue(FoilVersion.get().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), FoilVersion.get());
  }
}
