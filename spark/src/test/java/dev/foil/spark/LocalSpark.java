package dev.foil.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A {@code local[2]} Spark context for tests: loopback only, no web UI, warnings and errors logged. */
final class LocalSpark {
  private LocalSpark() {}

  static JavaSparkContext start(String name) {
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName(name)
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    sc.setLogLevel("WARN");
    return sc;
  }
}
