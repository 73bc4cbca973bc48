package dev.foil.index.lucene;

import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * How text becomes terms, identical at index and query time. The default reproduces Anserini's
 * {@code DefaultEnglishAnalyzer}: {@code StandardTokenizer → EnglishPossessiveFilter →
 * LowerCaseFilter → StopFilter(Lucene's 33 English stop words) → PorterStemFilter}.
 *
 * @param stemmer {@code porter}, {@code krovetz} or {@code none}
 * @param stopwords whether Lucene's English stop words are removed
 */
public record TextAnalysis(String stemmer, boolean stopwords) {
  /** Anserini's default English analysis. */
  public static final TextAnalysis ANSERINI_ENGLISH = new TextAnalysis("porter", true);

  public TextAnalysis {
    stemmer = stemmer.toLowerCase(Locale.ROOT);
    if (!stemmer.equals("porter") && !stemmer.equals("krovetz") && !stemmer.equals("none")) {
      throw new IllegalArgumentException(
          "illegal stemmer: " + stemmer + ", must be one of porter, krovetz, none");
    }
  }

  /** A new analyzer; analyzers are thread-safe and reuse per-thread token streams. */
  public Analyzer newAnalyzer() {
    CharArraySet stopSet = stopwords ? EnglishAnalyzer.ENGLISH_STOP_WORDS_SET : CharArraySet.EMPTY_SET;
    String stem = stemmer;
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream result = new EnglishPossessiveFilter(source);
        result = new LowerCaseFilter(result);
        result = new StopFilter(result, stopSet);
        result =
            switch (stem) {
              case "porter" -> new PorterStemFilter(result);
              case "krovetz" -> new KStemFilter(result);
              default -> result;
            };
        return new TokenStreamComponents(source, result);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
      }
    };
  }

  @Override
  public String toString() {
    return "english(stemmer=" + stemmer + ",stopwords=" + (stopwords ? "lucene" : "none") + ")";
  }
}
