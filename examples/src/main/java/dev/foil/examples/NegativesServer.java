package dev.foil.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.foil.index.CandidateSource;
import dev.foil.index.ThreadBudget;
import dev.foil.index.data.Query;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.source.Bm25Source;
import dev.foil.index.source.DenseSource;
import dev.foil.index.source.SourceSet;
import dev.foil.index.source.SourceSpec;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small search service that embeds Foil: {@code GET /negatives?q=TEXT&positive=ID&n=15} answers the
 * negatives {@link Foil#negatives} picks for that query, as JSON with corpus ids, scores and the reason
 * each one was picked; {@code GET /health} answers the corpus size. It is built on the JDK's
 * {@link HttpServer} and nothing else, so it shows every step a service of one's own takes: open the
 * sources, build one {@link Foil} shared by all request threads, map corpus ordinals back to ids, close
 * the sources after the last request.
 *
 * <pre>
 * java -jar examples/target/foil-examples.jar --index /tmp/scifact-bm25 --port 8080
 * curl 'http://127.0.0.1:8080/negatives?q=what+lowers+LDL&amp;positive=4983&amp;n=5'
 * </pre>
 */
public final class NegativesServer implements AutoCloseable {
  /** The most negatives one request may ask for. */
  public static final int MAX_N = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Foil foil;
  private final HttpServer http;
  private final ExecutorService workers;

  /**
   * Starts serving {@code foil} on {@code address} (port 0 picks a free one) with {@code threads}
   * request threads. The caller keeps the sources behind {@code foil} and closes them after {@link #close()}.
   */
  public static NegativesServer start(Foil foil, InetSocketAddress address, int threads) throws IOException {
    return new NegativesServer(foil, address, threads);
  }

  private NegativesServer(Foil foil, InetSocketAddress address, int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.foil = foil;
    this.http = HttpServer.create(address, 0);
    this.workers = Executors.newFixedThreadPool(threads);
    http.setExecutor(workers);
    http.createContext("/negatives", this::negatives);
    http.createContext("/health", this::health);
    http.createContext("/", exchange -> reply(exchange, 404, error("no such path: " + exchange.getRequestURI().getPath()
        + " (try /negatives?q=…&positive=…&n=…)")));
    http.start();
  }

  /** The address the service listens on, with the port chosen when 0 was asked. */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  private void negatives(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        reply(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed; use GET"));
        return;
      }
      Map<String, List<String>> params = parameters(exchange.getRequestURI());
      String text = single(params, "q");
      if (text == null || text.isBlank()) {
        reply(exchange, 400, error("parameter q (the query text) is missing"));
        return;
      }
      String id = single(params, "qid");
      int n = count(single(params, "n"));
      Set<String> positives = new LinkedHashSet<>();
      for (String p : params.getOrDefault("positive", List.of())) {
        for (String one : p.split(",")) {
          if (!one.isBlank()) {
            positives.add(one.strip());
          }
        }
      }
      // The query id keys the seeded draw: the same text (or the same qid) gets the same negatives.
      Query query = new Query(id == null ? text : id, text);
      List<Negative> picked = foil.negatives(query, positives, n);
      reply(exchange, 200, answer(query, positives, n, picked));
    } catch (IllegalArgumentException e) {
      reply(exchange, 400, error(e.getMessage()));
    } catch (RuntimeException e) {
      reply(exchange, 500, error(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }

  private ObjectNode answer(Query query, Set<String> positives, int n, List<Negative> picked) {
    ObjectNode out = JSON.createObjectNode();
    out.put("qid", query.id());
    out.put("query", query.text());
    positives.forEach(out.putArray("positives")::add);
    out.put("n", n);
    out.put("sampler", foil.settings().sampler());
    out.put("score_source", foil.scoreSource());
    ArrayNode list = out.putArray("negatives");
    for (Negative neg : picked) {
      ObjectNode o = list.addObject();
      o.put("id", foil.docIds().id(neg.doc()));   // corpus ordinal → the corpus's own id
      o.put("score", neg.score());
      o.put("rank", neg.rank());
      o.put("source", neg.source());
      o.put("reason", neg.reason());
      o.put("top_up", neg.topUp());
    }
    return out;
  }

  private void health(HttpExchange exchange) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    out.put("status", "ok");
    out.put("documents", foil.docIds().size());
    reply(exchange, 200, out);
  }

  private static int count(String value) {
    if (value == null) {
      return 15;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("parameter n: not a whole number: " + value);
    }
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException("parameter n: must be between 1 and " + MAX_N + ", got " + n);
    }
    return n;
  }

  private static String single(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException("parameter " + name + " given " + values.size() + " times");
    }
    return values.get(0);
  }

  /** The query string's parameters, decoded, in order ({@code +} is a space, as browsers send it). */
  static Map<String, List<String>> parameters(URI uri) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops accepting requests, lets those in flight finish (up to a second), and stops the threads. */
  @Override
  public void close() {
    http.stop(1);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * {@code --index DIR} (a BM25 index from {@code foil index}) and/or {@code --dense DIR} (an embedding
   * store from {@code foil encode}), {@code --sampler SPEC}, {@code --host} (default 127.0.0.1),
   * {@code --port} (default 8080), {@code --threads}. Serves until the process is stopped.
   */
  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("foil-examples: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    List<SourceSpec> specs = new ArrayList<>();
    if (o.index != null) {
      specs.add(Bm25Source.of(o.index));
    }
    if (o.dense != null) {
      specs.add(DenseSource.of(o.dense));
    }
    SourceSet.Opened opened = new SourceSet(specs).open(o.threads);
    Foil.Builder builder = Foil.builder();
    opened.sources().forEach(builder::source);
    for (CandidateSource s : opened.sources()) {
      if (s instanceof Bm25Index bm25) {
        builder.texts(TextLookup.of(bm25));   // stored texts: near-duplicates of a positive are dropped
      }
    }
    if (o.sampler != null) {
      builder.sampler(o.sampler);
    }
    Foil foil = builder.build();
    NegativesServer server = start(foil, new InetSocketAddress(o.host, o.port), o.threads);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      foil.close();
      try {
        opened.close();
      } catch (IOException e) {
        System.err.println("foil-examples: closing the sources: " + e.getMessage());
      }
      stopped.countDown();
    }));
    InetSocketAddress at = server.address();
    PrintStream out = System.out;
    out.printf("serving %d documents (sampler %s, scores from %s) at http://%s:%d/negatives?q=…&positive=…&n=…%n",
        foil.docIds().size(), foil.settings().sampler(), foil.scoreSource(), at.getHostString(), at.getPort());
    out.flush();
    stopped.await();
  }

  /** The command line of {@link #main}. */
  private record Options(Path index, Path dense, String sampler, String host, int port, int threads) {
    static final String USAGE = "usage: java -jar foil-examples.jar [--index DIR] [--dense DIR] [--sampler SPEC]"
        + " [--host ADDRESS] [--port N] [--threads N]   (at least one of --index, --dense)";

    static Options parse(String[] args) {
      Path index = null;
      Path dense = null;
      String sampler = null;
      String host = "127.0.0.1";
      int port = 8080;
      int threads = ThreadBudget.threads();
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + ": a value is missing");
        }
        String value = args[++i];
        switch (flag) {
          case "--index" -> index = directory(flag, value);
          case "--dense" -> dense = directory(flag, value);
          case "--sampler" -> sampler = value;
          case "--host" -> host = value;
          case "--port" -> port = number(flag, value, 0, 65535);
          case "--threads" -> threads = number(flag, value, 1, 1024);
          default -> throw new IllegalArgumentException("unknown option " + flag);
        }
      }
      if (index == null && dense == null) {
        throw new IllegalArgumentException("nothing to serve: give --index DIR and/or --dense DIR");
      }
      return new Options(index, dense, sampler, host, port, threads);
    }

    private static Path directory(String flag, String value) {
      Path p = Path.of(value);
      if (!Files.isDirectory(p)) {
        throw new IllegalArgumentException(flag + " " + value + ": not a directory");
      }
      return p;
    }

    private static int number(String flag, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(flag + " " + value + ": must be a whole number from " + min + " to " + max);
    }
  }
}
