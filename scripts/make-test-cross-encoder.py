#!/usr/bin/python3
"""Writes the tiny Hugging Face-layout cross-encoder the tests use (rankers/src/test/resources/hf-cross-encoder).

It is not a language model: its one logit is a sum a test can compute by hand from the tokenizer's output,

    logit = sum over tokens t with attention_mask 1 of ((input_ids[t] mod 97) / 97 + 0.5 * token_type_ids[t])

so a test checks that pairs are tokenised as (query, passage), that masks and segment ids reach the graph, and
that the logit comes back to the right pair. Needs Debian's python3-onnx (/usr/bin/python3); the output is
committed, so neither the build nor CI runs this.
    /usr/bin/python3 scripts/make-test-cross-encoder.py rankers/src/test/resources/hf-cross-encoder
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
table = numpy_helper.from_array((np.arange(97, dtype=np.float32) / 97).reshape(97, 1), "table")
nodes = [
    helper.make_node("Constant", [], ["m97"], value=numpy_helper.from_array(np.array(97, dtype=np.int64))),
    helper.make_node("Mod", ["input_ids", "m97"], ["rest"]),
    helper.make_node("Gather", ["table", "rest"], ["per_token"], axis=0),                  # [b, t, 1]
    helper.make_node("Cast", ["token_type_ids"], ["types_f"], to=TensorProto.FLOAT),
    helper.make_node("Constant", [], ["half"], value=numpy_helper.from_array(np.array(0.5, dtype=np.float32))),
    helper.make_node("Mul", ["types_f", "half"], ["type_part"]),                          # [b, t]
    helper.make_node("Constant", [], ["axis_last"], value=numpy_helper.from_array(np.array([2], dtype=np.int64))),
    helper.make_node("Squeeze", ["per_token", "axis_last"], ["token_part"]),              # [b, t]
    helper.make_node("Add", ["token_part", "type_part"], ["per_position"]),
    helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
    helper.make_node("Mul", ["per_position", "mask_f"], ["kept"]),
    helper.make_node("Constant", [], ["axis_t"], value=numpy_helper.from_array(np.array([1], dtype=np.int64))),
    helper.make_node("ReduceSum", ["kept", "axis_t"], ["logits"], keepdims=1),            # [b, 1]
]
ints = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "tokens"])
graph = helper.make_graph(nodes, "foil-test-cross-encoder",
                          [ints("input_ids"), ints("attention_mask"), ints("token_type_ids")],
                          [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 1])],
                          initializer=[table])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="foil-tests")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, os.path.join(out, "model.onnx"))
with open(os.path.join(out, "config.json"), "w") as f:
    json.dump({"architectures": ["BertForSequenceClassification"], "model_type": "bert", "num_labels": 1,
               "id2label": {"0": "LABEL_0"}}, f, indent=2)
with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
    json.dump({"model_max_length": 64, "do_lower_case": True}, f, indent=2)
