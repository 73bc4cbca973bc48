package dev.foil.rankers.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float initializers of an exported BERT-family ONNX graph, named as in the original PyTorch
 * checkpoint ({@code encoder.layer.0.attention.self.query.weight}, …).
 *
 * <p>The exporter stores every linear layer's weight as an anonymous {@code onnx::MatMul_N} tensor of
 * shape [in, out]; the name is recovered from the MatMul node that reads it
 * ({@code /encoder/layer.0/attention/self/query/MatMul}). Only the protobuf fields needed for that are
 * decoded (ModelProto.graph, GraphProto.node/initializer, NodeProto.input/name/op_type,
 * TensorProto.dims/data_type/float_data/name/raw_data), so no protobuf library is needed.
 */
public final class OnnxWeights {
  private static final int FLOAT = 1;

  /**
   * A float tensor: its shape, row-major values, and where its {@code raw_data} bytes start in the file
   * (-1 when stored as {@code float_data}).
   */
  public record Tensor(long[] shape, float[] values, long rawOffset) {}

  private OnnxWeights() {}

  /**
   * Reads the float initializers of {@code onnx}.
   *
   * @return tensors by checkpoint name; linear weights keep the ONNX [in, out] layout
   * @throws IOException if the file cannot be read or is not an ONNX model
   */
  public static Map<String, Tensor> read(Path onnx) throws IOException {
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(onnx, StandardOpenOption.READ)) {
      buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
    }
    Map<String, Tensor> raw = new LinkedHashMap<>();
    Map<String, String> matMulWeightOwner = new LinkedHashMap<>();
    try {
      Reader model = new Reader(buf, 0, buf.limit());
      while (model.more()) {
        int key = model.varint32();
        if (key >>> 3 == 7 && (key & 7) == 2) {
          Reader graph = model.sub();
          while (graph.more()) {
            int gk = graph.varint32();
            int field = gk >>> 3;
            if (field == 1 && (gk & 7) == 2) {
              node(graph.sub(), matMulWeightOwner);
            } else if (field == 5 && (gk & 7) == 2) {
              tensor(graph.sub(), raw);
            } else {
              graph.skip(gk & 7);
            }
          }
        } else {
          model.skip(key & 7);
        }
      }
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      throw new IOException(onnx + ": not a readable ONNX model (" + e.getMessage() + ")", e);
    }
    if (raw.isEmpty()) {
      throw new IOException(onnx + ": no float initializers found; is this an ONNX model?");
    }
    Map<String, Tensor> named = new LinkedHashMap<>();
    raw.forEach((name, t) -> {
      String owner = matMulWeightOwner.get(name);
      if (owner != null) {
        named.put(owner, t);
      } else if (!name.startsWith("onnx::")) {
        named.put(name, t);
      }
    });
    return named;
  }

  /**
   * Writes a copy of {@code base} whose initializers hold {@code weights} instead (same names and
   * shapes, as {@link #read} names them), so that a model trained in DJL runs on OnnxRuntime: the graph
   * is unchanged and every trained tensor is written over the bytes of the pretrained one.
   *
   * @throws IOException if a weight is missing from the file, has another size, or is not stored raw
   */
  public static void export(Path base, Map<String, float[]> weights, Path out) throws IOException {
    Map<String, Tensor> tensors = read(base);
    byte[] bytes = java.nio.file.Files.readAllBytes(base);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (var e : weights.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      if (t == null || t.rawOffset() < 0 || t.values().length != e.getValue().length) {
        throw new IOException(base + ": cannot export weight " + e.getKey()
            + (t == null ? " (not in the graph)" : " (size or storage differs)"));
      }
      buf.position((int) t.rawOffset());
      buf.asFloatBuffer().put(e.getValue());
    }
    dev.foil.index.io.AtomicFile.writeBytes(out, o -> o.write(bytes));
  }

  /** Records {@code /encoder/layer.0/attention/self/query/MatMul → encoder.layer.0.attention.self.query.weight}. */
  private static void node(Reader r, Map<String, String> owners) {
    List<String> inputs = new ArrayList<>();
    String name = "";
    String op = "";
    while (r.more()) {
      int k = r.varint32();
      switch (k >>> 3) {
        case 1 -> inputs.add(r.string());
        case 3 -> name = r.string();
        case 4 -> op = r.string();
        default -> r.skip(k & 7);
      }
    }
    if (op.equals("MatMul") && inputs.size() == 2 && inputs.get(1).startsWith("onnx::MatMul")
        && name.endsWith("/MatMul")) {
      String path = name.substring(name.startsWith("/") ? 1 : 0, name.length() - "/MatMul".length());
      owners.put(inputs.get(1), path.replace('/', '.') + ".weight");
    }
  }

  private static void tensor(Reader r, Map<String, Tensor> out) {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = null;
    float[] values = null;
    long rawOffset = -1;
    List<Float> floatData = new ArrayList<>();
    while (r.more()) {
      int k = r.varint32();
      int field = k >>> 3;
      int wire = k & 7;
      if (field == 1 && wire == 0) {
        dims.add(r.varint64());
      } else if (field == 1 && wire == 2) {
        Reader packed = r.sub();
        while (packed.more()) {
          dims.add(packed.varint64());
        }
      } else if (field == 2 && wire == 0) {
        type = (int) r.varint64();
      } else if (field == 4 && wire == 2) {
        Reader packed = r.sub();
        while (packed.more()) {
          floatData.add(packed.float32());
        }
      } else if (field == 4 && wire == 5) {
        floatData.add(r.float32());
      } else if (field == 8 && wire == 2) {
        name = r.string();
      } else if (field == 9 && wire == 2) {
        Reader bytes = r.sub();
        rawOffset = bytes.pos;
        values = new float[bytes.remaining() / 4];
        for (int i = 0; i < values.length; i++) {
          values[i] = bytes.float32();
        }
      } else {
        r.skip(wire);
      }
    }
    if (type != FLOAT || name == null) {
      return;
    }
    if (values == null) {
      values = new float[floatData.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = floatData.get(i);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long size = 1;
    for (long d : shape) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalStateException("tensor " + name + " has " + values.length + " values for shape "
          + java.util.Arrays.toString(shape));
    }
    out.put(name, new Tensor(shape, values, rawOffset));
  }

  /** A window of protobuf bytes. */
  private static final class Reader {
    private final ByteBuffer buf;
    private int pos;
    private final int end;

    Reader(ByteBuffer buf, int pos, int end) {
      this.buf = buf;
      this.pos = pos;
      this.end = end;
    }

    boolean more() {
      return pos < end;
    }

    int remaining() {
      return end - pos;
    }

    long varint64() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = buf.get(pos++);
        v |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("malformed varint at byte " + pos);
    }

    int varint32() {
      return (int) varint64();
    }

    float float32() {
      float f = buf.getFloat(pos);
      pos += 4;
      return f;
    }

    Reader sub() {
      int len = varint32();
      if (len < 0 || pos + len > end) {
        throw new IllegalStateException("field length " + len + " overruns its message at byte " + pos);
      }
      Reader r = new Reader(buf, pos, pos + len);
      pos += len;
      return r;
    }

    String string() {
      Reader r = sub();
      byte[] b = new byte[r.remaining()];
      buf.get(r.pos, b);
      return new String(b, StandardCharsets.UTF_8);
    }

    void skip(int wire) {
      switch (wire) {
        case 0 -> varint64();
        case 1 -> pos += 8;
        case 2 -> sub();
        case 5 -> pos += 4;
        default -> throw new IllegalStateException("unsupported wire type " + wire + " at byte " + pos);
      }
    }
  }
}
