package dev.foil.index.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Streams a JSON Lines file, one object a line, extracting only the named string fields and skipping
 * every other field without building it. Blank lines are skipped. Errors name the file, line and
 * field.
 */
final class JsonlReader implements Closeable {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final TextLineReader lines;
  private final String[] fields;
  private final Map<String, Integer> fieldIndex = new HashMap<>();

  /**
   * @param fields the fields to extract; {@link #next()} returns their values in this order
   */
  JsonlReader(Path file, String... fields) throws IOException {
    this.lines = new TextLineReader(file);
    this.fields = fields;
    for (int i = 0; i < fields.length; i++) {
      fieldIndex.put(fields[i], i);
    }
  }

  /**
   * The next object's values of the requested fields ({@code null} where absent or JSON null), or
   * {@code null} at the end of the file.
   */
  String[] next() {
    String text;
    do {
      text = lines.next();
      if (text == null) {
        return null;
      }
    } while (text.isBlank());
    return parse(text);
  }

  private String[] parse(String text) {
    String[] values = new String[fields.length];
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw error(null, "expected a JSON object, found " + describe(p.currentToken()));
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        Integer slot = fieldIndex.get(name);
        if (slot == null) {
          p.skipChildren();
          continue;
        }
        switch (value) {
          case VALUE_STRING -> values[slot] = p.getText();
          case VALUE_NUMBER_INT -> values[slot] = p.getText();
          case VALUE_NULL -> values[slot] = null;
          default -> throw error(name, "expected a string, found " + describe(value));
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw error(null, "malformed JSON object");
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw error(null, "unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : " at column " + loc.getColumnNr();
      throw error(null, "malformed JSON" + where + ": " + conciseMessage(e));
    } catch (IOException e) {
      throw error(null, "unreadable JSON: " + e.getMessage());
    }
    return values;
  }

  /** Jackson's message without its source-location appendix. */
  private static String conciseMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int cut = m.indexOf(" (start marker at");
    if (cut >= 0) {
      m = m.substring(0, cut);
    }
    int nl = m.indexOf('\n');
    return nl >= 0 ? m.substring(0, nl) : m;
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_STRING -> "a string";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  /** An error at the line returned last. */
  InputFormatException error(String field, String problem) {
    return new InputFormatException(lines.file(), lines.line(), field, problem);
  }

  Path file() {
    return lines.file();
  }

  long line() {
    return lines.line();
  }

  long bytesRead() {
    return lines.bytesRead();
  }

  String sha256() {
    return lines.sha256();
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
