package dev.foil.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foil.index.data.Query;
import dev.foil.index.data.QueriesReader;
import dev.foil.index.data.Qrels;
import dev.foil.index.data.QrelsReader;
import dev.foil.index.lucene.Bm25Index;
import dev.foil.index.synthetic.SyntheticCollection;
import dev.foil.index.synthetic.SyntheticIndex;
import dev.foil.samplers.embedded.Foil;
import dev.foil.samplers.mining.MiningSettings;
import dev.foil.samplers.pipeline.Negative;
import dev.foil.samplers.pipeline.TextLookup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example service end to end: started on loopback, asked over HTTP as a client would, stopped. */
class NegativesServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static Path collection;
  private static Qrels qrels;
  private static List<Query> judged;

  @BeforeAll
  static void collection() throws IOException {
    collection = dir.resolve("c");
    SyntheticIndex.write(collection, new SyntheticCollection.Parameters(3, 4, 60, 6, 0.5, 0.5, 0.1));
    qrels = QrelsReader.read(collection.resolve("qrels/train.tsv"));
    judged = QueriesReader.read(collection.resolve("queries.jsonl")).stream()
        .filter(q -> qrels.queryIds().contains(q.id())).toList();
  }

  private static HttpResponse<String> get(HttpClient client, InetSocketAddress at, String pathAndQuery)
      throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + at.getPort() + pathAndQuery);
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void servesTheLibrarysNegativesOverLoopbackAndStops() throws Exception {
    Query q = judged.get(0);
    List<String> pos = List.copyOf(qrels.judgments(q.id()).keySet());
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    InetSocketAddress at;
    try (Bm25Index bm25 = Bm25Index.open(collection.resolve("index"))) {
      // What the library itself answers, from an instance of its own with the same settings.
      List<String> expected;
      try (Foil direct = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build()) {
        List<Negative> negs = direct.negatives(new Query(q.id(), q.text()), pos, 7);
        expected = negs.stream().map(n -> direct.docIds().id(n.doc())).toList();
      }
      try (Foil foil = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build();
           NegativesServer server = NegativesServer.start(foil,
               new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2)) {
        at = server.address();
        assertTrue(at.getPort() > 0, "port 0 asks for a free port");
        String path = "/negatives?q=" + enc(q.text()) + "&qid=" + enc(q.id()) + "&positive=" + enc(String.join(",", pos))
            + "&n=7";
        HttpResponse<String> r = get(client, at, path);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = JSON.readTree(r.body());
        List<String> served = new ArrayList<>();
        body.get("negatives").forEach(n -> served.add(n.get("id").asText()));
        assertEquals(expected, served, "the service answers what Foil.negatives answers, with corpus ids");
        for (JsonNode n : body.get("negatives")) {
          assertFalse(pos.contains(n.get("id").asText()), "a positive served as a negative");
          assertTrue(n.get("score").isNumber(), "score is a number: " + n);
        }
        assertEquals(MiningSettings.SAMPLER, body.get("sampler").asText());
        assertEquals(r.body(), get(client, at, path).body(), "the same request, the same answer");

        // Requests from several client threads at once get the answers one at a time gets.
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<String> paths = judged.stream().map(x -> "/negatives?q=" + enc(x.text()) + "&qid=" + enc(x.id())
            + "&positive=" + enc(String.join(",", qrels.judgments(x.id()).keySet())) + "&n=5").toList();
        List<String> one = new ArrayList<>();
        for (String p : paths) {
          one.add(get(client, at, p).body());
        }
        List<Future<HttpResponse<String>>> many = new ArrayList<>();
        for (String p : paths) {
          many.add(clients.submit(() -> get(client, at, p)));
        }
        for (int i = 0; i < paths.size(); i++) {
          assertEquals(one.get(i), many.get(i).get().body());
        }
        clients.shutdown();

        JsonNode health = JSON.readTree(get(client, at, "/health").body());
        assertEquals(bm25.docIds().size(), health.get("documents").asInt());
      }
      // Stopped: the port no longer answers.
      InetSocketAddress stopped = at;
      assertThrows(ConnectException.class, () -> get(client, stopped, "/health"));
    }
  }

  @Test
  void badRequestsGetAClearErrorAndTheRightStatus() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    try (Bm25Index bm25 = Bm25Index.open(collection.resolve("index"));
         Foil foil = Foil.builder().source(bm25).texts(TextLookup.of(bm25)).build();
         NegativesServer server = NegativesServer.start(foil, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1)) {
      InetSocketAddress at = server.address();
      assertError(get(client, at, "/negatives?positive=x"), 400, "parameter q");
      assertError(get(client, at, "/negatives?q=heart&n=many"), 400, "not a whole number: many");
      assertError(get(client, at, "/negatives?q=heart&n=0"), 400, "between 1 and 1000");
      assertError(get(client, at, "/negatives?q=heart&positive=no-such-doc"), 400, "no-such-doc");
      assertError(get(client, at, "/negatives?q=a&q=b"), 400, "parameter q given 2 times");
      assertError(get(client, at, "/nowhere"), 404, "/nowhere");
      HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort()
          + "/negatives?q=heart")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertError(post, 405, "use GET");
      assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
      // A query with no positive is served: every candidate may be a negative.
      HttpResponse<String> none = get(client, at, "/negatives?q=" + enc(judged.get(1).text()) + "&n=3");
      assertEquals(200, none.statusCode(), none.body());
      assertEquals(3, JSON.readTree(none.body()).get("negatives").size());
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String fragment) throws IOException {
    assertEquals(status, r.statusCode(), r.body());
    String message = JSON.readTree(r.body()).get("error").asText();
    assertTrue(message.contains(fragment), "error '" + message + "' names '" + fragment + "'");
  }

  @Test
  void theReadmeExampleRunsAndNamesNegativesByCorpusId() throws Exception {
    Query q = judged.get(2);
    String positive = qrels.judgments(q.id()).keySet().iterator().next();
    List<String> lines = FirstNegatives.negatives(collection.resolve("index"), q.text(), positive);
    assertEquals(15, lines.size());
    try (Bm25Index bm25 = Bm25Index.open(collection.resolve("index"))) {
      for (String line : lines) {
        String id = line.split(" ")[0];
        assertTrue(bm25.docIds().ordinal(id).isPresent(), "not a corpus id: " + line);
        assertFalse(id.equals(positive), "the positive came back: " + line);
      }
    }
  }
}
