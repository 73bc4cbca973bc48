package dev.foil.index;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.util.Optional;

/**
 * The one place that decides how many threads a Foil process runs its work on, and how idle native
 * threads wait: Foil's worker pools, PyTorch's intra-op pool (its inter-op pool gets one thread, which
 * Foil never uses), ONNX Runtime's, FAISS's OpenMP and OpenBLAS all take {@link #threads()} (FAISS
 * fewer for fewer queries). The pools run one after another, never nested, so one number never
 * oversubscribes the cores.
 *
 * <p>Idle OpenMP threads (PyTorch's and FAISS's) busy-wait by default, which is fast on an idle machine
 * and ruinous beside other jobs: with two copies of an MF-BPR training on 2 cores, each spent its time
 * spinning against the other's spinning threads, 10× its time alone (docs/BENCHMARKS.md). Before those
 * runtimes load, {@link #waitPassively} sets {@code OMP_WAIT_POLICY=PASSIVE} in this process's
 * environment, unless the user set a policy; ONNX Runtime's threads follow the same policy
 * ({@link dev.foil.index.dense.OnnxSessions}).
 */
public final class ThreadBudget {
  /** The environment variable OpenMP runtimes read their wait policy from, once, when they load. */
  public static final String WAIT_POLICY = "OMP_WAIT_POLICY";
  /** A system property that chooses the policy from inside Java ({@code -Dfoil.omp-wait-policy=ACTIVE}). */
  public static final String WAIT_POLICY_PROPERTY = "foil.omp-wait-policy";

  private static volatile int threads = cores();
  private static volatile String waitPolicy;

  private ThreadBudget() {}

  /** The processors this JVM may run on: its CPU affinity and container quota, not the machine's count. */
  public static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The threads every pool of this process uses: {@link #cores()} unless {@link #use} said otherwise. */
  public static int threads() {
    return threads;
  }

  /**
   * Makes every pool of this process use {@code n} threads from now on ({@code --threads}); 0 restores
   * the default, {@link #cores()}.
   */
  public static void use(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("illegal threads value: " + n + ", must be at least 1 (or 0 for all cores)");
    }
    threads = n == 0 ? cores() : n;
  }

  /**
   * The OpenMP wait policy this process runs with: the user's {@code OMP_WAIT_POLICY} when set, else the
   * {@value #WAIT_POLICY_PROPERTY} system property, else {@code PASSIVE}; the last two are written to the
   * process environment so that OpenMP runtimes loaded afterwards read them. Call before a native library
   * with OpenMP loads (the encoders, the training engine and the FAISS binding do); later calls change
   * nothing. Returns the policy, or a sentence saying why it could not be set (a runtime without the
   * Foreign Function API: JDK 21 without {@code --enable-preview}).
   */
  public static synchronized String waitPassively() {
    if (waitPolicy == null) {
      String given = System.getenv(WAIT_POLICY);
      if (given != null && !given.isBlank()) {
        waitPolicy = given;
      } else {
        String chosen = System.getProperty(WAIT_POLICY_PROPERTY, "PASSIVE");
        waitPolicy = setNativeEnvironment(WAIT_POLICY, chosen)
            ? chosen
            : "unset (OpenMP threads spin when idle; export " + WAIT_POLICY + "=PASSIVE before starting Java)";
      }
    }
    return waitPolicy;
  }

  /**
   * {@code setenv(name, value, 1)} in the C library, through the Foreign Function API. The API is final
   * from JDK 22; Foil compiles for Java 21, where it is a preview, so it is reached by reflection.
   */
  private static boolean setNativeEnvironment(String name, String value) {
    try {
      Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
      Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
      Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
      Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
      Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
      Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
      Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
      Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
      Object linker = linkerType.getMethod("nativeLinker").invoke(null);
      Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
      Optional<?> setenv = (Optional<?>) lookupType.getMethod("find", String.class).invoke(lookup, "setenv");
      if (setenv.isEmpty()) {
        return false;
      }
      Object address = valueLayoutType.getField("ADDRESS").get(null);
      Object cInt = valueLayoutType.getField("JAVA_INT").get(null);
      Object arguments = Array.newInstance(layoutType, 3);
      Array.set(arguments, 0, address);
      Array.set(arguments, 1, address);
      Array.set(arguments, 2, cInt);
      Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, cInt, arguments);
      MethodHandle call = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
          Array.newInstance(optionType, 0).getClass()).invoke(linker, setenv.get(), descriptor, Array.newInstance(optionType, 0));
      try (AutoCloseable arena = (AutoCloseable) arenaType.getMethod("ofConfined").invoke(null)) {
        java.lang.reflect.Method cString = arenaType.getMethod("allocateFrom", String.class);
        Object n = cString.invoke(arena, name);
        Object v = cString.invoke(arena, value);
        return (int) call.invokeWithArguments(n, v, 1) == 0;
      }
    } catch (Throwable unavailable) {
      return false;
    }
  }
}
