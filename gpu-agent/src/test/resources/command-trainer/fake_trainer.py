#!/usr/bin/env python3
"""A stand-in for a user's PEFT training script, for the command backend's tests (standard library only).

It reads what the agent gives it, records it in seen.json beside the adapter, prints metrics as JSON lines among
lines that are not metrics, and writes a LoRA adapter in PEFT's layout for the base model's config.

usage: fake_trainer.py ok|no-adapter|fail|slow|hang|flood
"""
import json
import os
import random
import signal
import struct
import subprocess
import sys
import time


def emit(record):
    print(json.dumps(record), flush=True)


def projection_shape(config, projection):
    """[out, in] of a Llama projection, as in its checkpoint."""
    hidden = config["hidden_size"]
    head_dim = config.get("head_dim") or hidden // config["num_attention_heads"]
    q = config["num_attention_heads"] * head_dim
    kv = config.get("num_key_value_heads", config["num_attention_heads"]) * head_dim
    inter = config["intermediate_size"]
    return {"q_proj": (q, hidden), "k_proj": (kv, hidden), "v_proj": (kv, hidden), "o_proj": (hidden, q),
            "gate_proj": (inter, hidden), "up_proj": (inter, hidden), "down_proj": (hidden, inter)}[projection]


def write_safetensors(path, tensors):
    """safetensors: an 8-byte little-endian header length, the JSON header, then the raw little-endian f32 data."""
    header = {"__metadata__": {"format": "pt"}}
    data = bytearray()
    for name, (shape, values) in tensors.items():
        begin = len(data)
        data += struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [begin, len(data)]}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data starts 8-byte aligned, as the safetensors writers do
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


def write_adapter(directory, params, base_model):
    with open(os.path.join(base_model, "config.json")) as f:
        config = json.load(f)
    r = params["rank"]
    modules = params["target_modules"]
    rng = random.Random(params.get("seed", 1))
    tensors = {}
    for layer in range(config["num_hidden_layers"]):
        for projection in modules:
            out_features, in_features = projection_shape(config, projection)
            block = "mlp" if projection in ("gate_proj", "up_proj", "down_proj") else "self_attn"
            key = "base_model.model.model.layers.%d.%s.%s" % (layer, block, projection)
            tensors[key + ".lora_A.weight"] = ((r, in_features),
                                               [rng.uniform(-0.3, 0.3) for _ in range(r * in_features)])
            # not PEFT's zeros: a trained adapter changes the model, and the test checks that the agent applied it
            tensors[key + ".lora_B.weight"] = ((out_features, r),
                                               [rng.gauss(0.0, 0.5) for _ in range(out_features * r)])
    write_safetensors(os.path.join(directory, "adapter_model.safetensors"), tensors)
    adapter_config = {"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": base_model,
                      "r": r, "lora_alpha": params["alpha"], "lora_dropout": 0.0, "target_modules": modules,
                      "bias": "none", "fan_in_fan_out": False, "modules_to_save": None, "use_dora": False,
                      "use_rslora": False}
    with open(os.path.join(directory, "adapter_config.json"), "w") as f:
        json.dump(adapter_config, f, indent=2)


def main():
    mode = sys.argv[1]
    adapter_dir = os.environ["LORASWEEP_ADAPTER_DIR"]
    with open(os.environ["LORASWEEP_PARAMS_FILE"]) as f:
        params = json.load(f)
    seen = {name: value for name, value in os.environ.items() if name.startswith("LORASWEEP_")}
    seen["cwd"] = os.getcwd()
    seen["params"] = params
    seen["train_file_exists"] = os.path.isfile(os.environ["LORASWEEP_TRAIN_FILE"])
    with open(os.path.join(adapter_dir, "seen.json"), "w") as f:
        json.dump(seen, f)

    print("loading %s with rank %s" % (os.environ["LORASWEEP_BASE_MODEL"], params.get("rank")), flush=True)
    if mode == "fail":
        print("RuntimeError: pretend the GPU ran out of memory", file=sys.stderr, flush=True)
        sys.exit(3)
    if mode == "slow":
        # deaf to SIGTERM, so stopping it takes the forcible way
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        with open(os.path.join(adapter_dir, "trainer.pid"), "w") as f:
            f.write(str(os.getpid()))
        step = 0
        while True:
            step += 1
            emit({"step": step, "train_loss": 2.0 / step})
            time.sleep(0.2)

    if mode == "hang":
        # silent and deaf to SIGTERM, with a child of its own: only the agent's watchdog ends it, tree and all
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sleeper = subprocess.Popen(["sleep", "600"])
        with open(os.path.join(adapter_dir, "trainer.pid"), "w") as f:
            f.write("%d %d" % (os.getpid(), sleeper.pid))
        while True:
            time.sleep(1)

    if mode == "flood":
        # thousands of points at once, one line of 3 MB, then an ordinary end: nothing of it may stop the trial
        for step in range(1, 20001):
            print(json.dumps({"step": step, "train_loss": 1.0 + 1.0 / step}))
        for step in range(20001, 20007):
            # 4,000 metrics a line, six lines at once: 24,000 points (1.5 MB of events) the agent holds together
            line = {"step": step}
            line.update({"m%04d" % i: 0.5 for i in range(4000)})
            print(json.dumps(line))
        print("x" * (3 << 20))
        sys.stdout.flush()
        emit({"step": 20007, "eval_loss": 1.5})
        write_adapter(adapter_dir, params, os.environ["LORASWEEP_BASE_MODEL"])
        return

    print('{"step": 1, "train_loss": }', flush=True)
    emit({"step": 1, "train_loss": 2.5, "learning_rate": params["learning_rate"]})
    emit({"step": 2, "train_loss": float("nan")})
    emit({"step": 2, "metrics": {"eval_loss": 2.0, "eval_accuracy": 0.25}, "note": "nested"})
    print("epoch 1 done", file=sys.stderr, flush=True)
    emit({"step": 4, "train_loss": 1.5, "eval_loss": 1.75})
    if mode == "ok":
        write_adapter(adapter_dir, params, os.environ["LORASWEEP_BASE_MODEL"])


if __name__ == "__main__":
    main()
