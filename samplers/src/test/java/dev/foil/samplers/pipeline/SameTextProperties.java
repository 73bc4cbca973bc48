package dev.foil.samplers.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The allocation-free comparison agrees with comparing normalised copies, on texts built to be near-equal. */
class SameTextProperties {
  @Provide
  Arbitrary<String> texts() {
    // Few letters in both cases, several kinds of whitespace, accented letters and a supplementary
    // character: random pairs are often the same text, or differ only in spacing or case.
    return Arbitraries.strings().withChars("aAbB \t\n\u00a0\u2003\u00c9\u00e9")
        .withChars(new String(Character.toChars(0x1D400)).toCharArray()).ofMaxLength(8);
  }

  @Property(tries = 3000)
  void comparingAsItReadsEqualsComparingNormalisedCopies(@ForAll("texts") String a, @ForAll("texts") String b) {
    assertEquals(SameText.normalise(a).equals(SameText.normalise(b)), SameText.equalsNormalised(a, SameText.normalise(b)),
        "'" + a + "' vs '" + b + "'");
    assertTrue(SameText.equalsNormalised(a, SameText.normalise(a)));
    assertEquals(SameText.normalise(a), SameText.normalise(SameText.normalise(a)), "normalising twice changes nothing");
  }

  @Example
  void spacingAndCaseDoNotMakeTextsDifferentButWordsDo() {
    SameText forbidden = new SameText();
    forbidden.add("  Statins lower\tLDL. ");
    forbidden.add("what lowers LDL?");
    assertTrue(forbidden.matches("statins   LOWER ldl."));
    assertTrue(forbidden.matches("\nWhat lowers\u2003LDL?"));
    assertFalse(forbidden.matches("statins lower LDL"), "punctuation counts");
    assertFalse(forbidden.matches("statinslower ldl."), "a space is not nothing");
    assertFalse(forbidden.matches("statins lower ldl. more"), "a longer text");
    assertFalse(new SameText().matches(""), "nothing forbidden");
  }
}
