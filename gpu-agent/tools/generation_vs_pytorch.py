#!/usr/bin/env python3
"""Greedy generation with a KV cache in plain PyTorch, side by side with LoRA Sweep's Java generator.

A benchmark tool, not part of the product. It runs the Java benchmark (GenerationBenchmark in gpu-agent, through
Maven, offline, one OpenMP thread), which writes the prompts' token ids, the settings, and per run the generated ids,
seconds and tokens/s; then it generates the same prompts with the same greedy algorithm written here in PyTorch
(torch.set_num_threads(1)) and prints both speeds, their ratio, and whether the greedy outputs agree token for token.

The algorithm is the Java one, so the comparison measures the implementations, not two different algorithms:
requests sorted by prompt length and cut into batches (at most --batch rows, at most PREFILL_TOKENS padded tokens
per prefill pass), the batch's shared prompt prefix run once with batch 1 when it is at least min_shared_prefix
tokens, the rest left-padded behind it with an attention mask (positions count real tokens), the LM head on the last
position only, one token per row per step with a KV cache, and a row dropped from the batch (and its cache) when it
meets EOS, a stop string or its budget; the cache is a reserved buffer each step writes into, on both sides
(--concat-cache grows it by torch.cat instead, as transformers' DynamicCache does). The Llama forward is written
below (~80 lines): RMSNorm, rotary embeddings (rotate_half layout), grouped-query attention, SwiGLU, tied or
separate LM head.

Setup (Debian 12): apt-get install -y python3-torch libopenblas0-pthread
Run from the repository root, with Debian's interpreter (the one python3-torch is installed for):
    /usr/bin/python3 gpu-agent/tools/generation_vs_pytorch.py [--prompts 32] [--batch 32] [--repeats 3]
        [--ignore-eos] [--concat-cache] [--model assets/models/tiny-llama] [--java-json FILE]
--java-json reuses a Java run (its -Dbench.out file) instead of starting one; --ignore-eos makes both sides run
every row to its budget or the stop string (the shipped base model otherwise ends most answers after two tokens).
Timings are the best of --repeats runs after a warm-up on both sides (Java: 15 s, for its JIT; here one run of
each mode). It prints the comparison as JSON on stdout
and as a table on stderr. Nothing here reaches the network.
"""
import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import time

# One thread for the BLAS too: torch.set_num_threads(1) does not reach Debian's OpenBLAS (libopenblas0-pthread),
# which otherwise multiplies on every core it finds. Read when the library loads, so set before importing torch.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import torch  # noqa: E402

PREFILL_TOKENS_DEFAULT = 4096


# ---------------------------------------------------------------------------------------------------------------
# checkpoint and tokenizer


def read_safetensors(path):
    """Tensors of a .safetensors file as float32, parsed by hand (the safetensors package is not needed)."""
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in dtypes:
            raise ValueError(f"tensor {name}: dtype {info['dtype']} not handled")
        begin, end = info["data_offsets"]
        dtype = dtypes[info["dtype"]]
        count = (end - begin) // torch.tensor([], dtype=dtype).element_size()
        t = torch.frombuffer(bytearray(data[base + begin:base + end]), dtype=dtype, count=count)
        out[name] = t.reshape(info["shape"]).float()
    return out


def byte_decoder(tokenizer_json):
    """ids -> text for a byte-level BPE tokenizer.json, special tokens skipped (as the Java side decodes)."""
    with open(tokenizer_json, encoding="utf-8") as f:
        tok = json.load(f)
    if (tok.get("decoder") or {}).get("type") != "ByteLevel":
        raise ValueError("only byte-level BPE decoders are handled, got " + str(tok.get("decoder")))
    # GPT-2's byte <-> printable character table
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    chars = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    char_to_byte = {chr(c): b for b, c in zip(printable, chars)}
    special = {t["id"] for t in tok.get("added_tokens", []) if t.get("special")}
    pieces = {}
    for token, i in tok["model"]["vocab"].items():
        if i not in special:
            pieces[i] = bytes(char_to_byte[c] for c in token)
    for t in tok.get("added_tokens", []):
        if not t.get("special"):
            pieces[t["id"]] = t["content"].encode("utf-8")

    def decode(ids):
        return b"".join(pieces.get(i, b"") for i in ids).decode("utf-8", errors="replace")

    return decode


# ---------------------------------------------------------------------------------------------------------------
# the model


class KvCache:
    """Keys and values per layer in buffers [B, kv_heads, capacity, D]; a pass writes its columns after the cached
    ones (as the Java KvCache does), or, with concat=True, the cache grows by torch.cat (transformers' way)."""

    def __init__(self, layers, capacity, concat=False):
        self.k, self.v = [None] * layers, [None] * layers
        self.capacity, self.concat, self.length = capacity, concat, 0

    def append(self, i, k, v):
        total = self.length + k.shape[2]
        if self.concat:
            if self.k[i] is not None:
                k, v = torch.cat([self.k[i], k], dim=2), torch.cat([self.v[i], v], dim=2)
            self.k[i], self.v[i] = k, v
            return k, v
        if self.k[i] is None:
            shape = (k.shape[0], k.shape[1], max(self.capacity, total), k.shape[3])
            self.k[i], self.v[i] = torch.zeros(shape), torch.zeros(shape)
        self.k[i][:, :, self.length:total] = k
        self.v[i][:, :, self.length:total] = v
        return self.k[i][:, :, :total], self.v[i][:, :, :total]

    def select_rows(self, index):
        self.k = [k.index_select(0, index) for k in self.k]
        self.v = [v.index_select(0, index) for v in self.v]


class Llama:
    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "config.json")) as f:
            c = json.load(f)
        if c.get("rope_scaling"):
            raise ValueError("rope_scaling is not handled by this script")
        self.layers = c["num_hidden_layers"]
        self.heads = c["num_attention_heads"]
        self.kv_heads = c.get("num_key_value_heads", self.heads)
        self.hidden = c["hidden_size"]
        self.head_dim = c.get("head_dim") or self.hidden // self.heads
        self.eps = c["rms_norm_eps"]
        self.max_positions = c["max_position_embeddings"]
        w = read_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.embed = w["model.embed_tokens.weight"]
        self.head = self.embed if c.get("tie_word_embeddings") else w["lm_head.weight"]
        self.norm = w["model.norm.weight"]
        p = "model.layers.{}."
        self.w = [{k: w[p.format(i) + v] for k, v in {
            "in": "input_layernorm.weight", "post": "post_attention_layernorm.weight",
            "q": "self_attn.q_proj.weight", "k": "self_attn.k_proj.weight", "v": "self_attn.v_proj.weight",
            "o": "self_attn.o_proj.weight", "gate": "mlp.gate_proj.weight", "up": "mlp.up_proj.weight",
            "down": "mlp.down_proj.weight"}.items()} for i in range(self.layers)]
        inv = 1.0 / (c.get("rope_theta", 10000.0) ** (torch.arange(0, self.head_dim, 2, dtype=torch.float64)
                                                      / self.head_dim))
        angles = torch.arange(self.max_positions, dtype=torch.float64)[:, None] * inv[None, :]
        angles = torch.cat([angles, angles], dim=-1)
        self.cos = angles.cos().float()
        self.sin = angles.sin().float()

    def rms(self, x, weight):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * weight

    @staticmethod
    def rotate(x, cos, sin):
        half = x.shape[-1] // 2
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], dim=-1) * sin

    def hidden_states(self, ids, mask, cache):
        """Final hidden states [B, T, H]; mask [B, past + T] or None; cache: a KvCache, extended."""
        b, t = ids.shape
        past = cache.length
        if mask is None:
            positions = torch.arange(past, past + t).expand(b, t)
            bias = None
        else:
            positions = (mask.cumsum(1) - 1).clamp(min=0)[:, past:]
            bias = torch.zeros(mask.shape, dtype=torch.float32).masked_fill(mask == 0, -1e9)[:, None, None, :]
        if t > 1:
            causal = torch.ones(t, past + t, dtype=torch.bool).tril(past)
            causal = torch.zeros(causal.shape).masked_fill(~causal, -1e9)[None, None]
            bias = causal if bias is None else bias + causal
        cos = self.cos[positions][:, None]
        sin = self.sin[positions][:, None]
        # 1/sqrt(d) folded into the query's rotation, once per pass
        qcos, qsin = cos * self.head_dim ** -0.5, sin * self.head_dim ** -0.5
        groups = self.heads // self.kv_heads
        d = self.head_dim
        x = self.embed[ids]
        for i, w in enumerate(self.w):
            h = self.rms(x, w["in"])
            q = torch.nn.functional.linear(h, w["q"]).view(b, t, self.heads, d).transpose(1, 2)
            k = torch.nn.functional.linear(h, w["k"]).view(b, t, self.kv_heads, d).transpose(1, 2)
            v = torch.nn.functional.linear(h, w["v"]).view(b, t, self.kv_heads, d).transpose(1, 2)
            q = self.rotate(q, qcos, qsin)
            k = self.rotate(k, cos, sin)
            k, v = cache.append(i, k, v)
            s = k.shape[2]
            # query heads of one kv head as rows of that head: no copies of k and v per group
            scores = (q.reshape(b, self.kv_heads, groups * t, d) @ k.transpose(2, 3)).view(b, self.heads, t, s)
            if bias is not None:
                scores = scores + bias
            attn = (scores.softmax(-1).view(b, self.kv_heads, groups * t, s) @ v).view(b, self.heads, t, d)
            x = x + torch.nn.functional.linear(attn.transpose(1, 2).reshape(b, t, self.heads * d), w["o"])
            h = self.rms(x, w["post"])
            gate = torch.nn.functional.linear(h, w["gate"])
            x = x + torch.nn.functional.linear(torch.nn.functional.silu(gate) * torch.nn.functional.linear(h, w["up"]),
                                               w["down"])
        cache.length += t
        return self.rms(x, self.norm)

    def logits(self, hidden):
        return hidden @ self.head.T


# ---------------------------------------------------------------------------------------------------------------
# batched greedy generation (the Java Generator's algorithm)


def common_prefix(a, b):
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def plan(rows, max_rows, max_tokens, min_shared):
    ends, start = [], 0
    while start < len(rows):
        first = rows[start]
        common, longest, end = len(first), len(first), start + 1
        while end < len(rows) and end - start < max_rows:
            shared = min(common, common_prefix(first, rows[end]))
            top = max(longest, len(rows[end]))
            width = top - (shared if shared >= min_shared else 0)
            if (end - start + 1) * width > max_tokens:
                break
            common, longest, end = shared, top, end + 1
        ends.append(end)
        start = end
    return ends


def first_stop(text, stops):
    cuts = [text.find(s) for s in stops if s and s in text]
    return min(cuts) if cuts else -1


def greedy_batch(model, decode, prompts, settings):
    stops, max_new, eos, min_shared = settings["stop"], settings["max_new_tokens"], settings["eos_id"], \
        settings["min_shared_prefix"]
    b = len(prompts)
    common = len(prompts[0])
    for p in prompts:
        common = min(common, common_prefix(prompts[0], p))
    prefix = min(common, min(len(p) for p in prompts) - 1)
    if prefix < min_shared or b == 1:
        prefix = 0
    width = max(len(p) - prefix for p in prompts)
    pads = [width - (len(p) - prefix) for p in prompts]
    cache = KvCache(model.layers, prefix + width + max_new, settings.get("concat_cache", False))
    if prefix:
        model.hidden_states(torch.tensor([prompts[0][:prefix]]), None, cache)
        cache.select_rows(torch.zeros(b, dtype=torch.long))
    ids = torch.zeros(b, width, dtype=torch.long)
    mask = torch.ones(b, prefix + width, dtype=torch.long)
    for r, p in enumerate(prompts):
        ids[r, pads[r]:] = torch.tensor(p[prefix:])
        mask[r, prefix:prefix + pads[r]] = 0
    padded = any(pads)
    h = model.hidden_states(ids, mask if padded else None, cache)
    nxt = model.logits(h[:, -1]).argmax(-1).tolist()
    tokens = [[] for _ in prompts]
    texts = [""] * b
    alive = list(range(b))
    while True:
        keep = []
        for i, r in enumerate(alive):
            t = nxt[i]
            if t == eos:
                continue
            tokens[r].append(t)
            texts[r] = decode(tokens[r])
            cut = first_stop(texts[r], stops)
            if cut >= 0:
                texts[r] = texts[r][:cut]
                continue
            if len(tokens[r]) < max_new:
                keep.append(i)
        if not keep:
            break
        if len(keep) < len(alive):
            index = torch.tensor(keep)
            cache.select_rows(index)
            mask = mask.index_select(0, index)
        alive = [alive[i] for i in keep]
        mask = torch.cat([mask, torch.ones(len(alive), 1, dtype=torch.long)], dim=1)
        step = torch.tensor([[nxt[i]] for i in keep])
        h = model.hidden_states(step, mask if padded else None, cache)
        nxt = model.logits(h[:, -1]).argmax(-1).tolist()
    return tokens


def greedy(model, decode, prompts, settings, batch):
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    rows = [prompts[i] for i in order]
    out = [None] * len(prompts)
    start = 0
    for end in plan(rows, batch, settings.get("prefill_tokens", PREFILL_TOKENS_DEFAULT),
                    settings["min_shared_prefix"]):
        for i, t in zip(order[start:end], greedy_batch(model, decode, rows[start:end], settings)):
            out[i] = t
        start = end
    return out


# ---------------------------------------------------------------------------------------------------------------


def run_java(args, root):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    env = dict(os.environ, OMP_NUM_THREADS="1", DJL_OFFLINE="true", OPT_OUT_TRACKING="true")
    cmd = ["mvn", "-B", "-q", "-o", "-pl", "gpu-agent", "-am", "test", "-Dlorasweep.excludedGroups=",
           "-Dgroups=benchmark", "-Dtest=GenerationBenchmark", "-Dsurefire.failIfNoSpecifiedTests=false",
           f"-Dbench.prompts={args.prompts}", f"-Dbench.batch={args.batch}", f"-Dbench.repeats={args.repeats}",
           f"-Dbench.model={os.path.abspath(args.model)}", f"-Dbench.ignoreEos={str(args.ignore_eos).lower()}",
           f"-Dbench.out={out}"]
    print("running the Java benchmark:", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        return json.load(f)


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(root, "assets", "models", "tiny-llama"))
    ap.add_argument("--prompts", type=int, default=32)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--ignore-eos", action="store_true",
                    help="rows run to max_new_tokens or the stop string (EOS ignored): a decode-heavy run")
    ap.add_argument("--java-json", help="a GenerationBenchmark -Dbench.out file to compare with, instead of a run")
    ap.add_argument("--concat-cache", action="store_true",
                    help="PyTorch's KV cache grows by torch.cat (transformers' DynamicCache) instead of a buffer")
    args = ap.parse_args()
    torch.set_num_threads(1)
    java = json.load(open(args.java_json)) if args.java_json else run_java(args, root)
    model = Llama(args.model)
    decode = byte_decoder(os.path.join(args.model, "tokenizer.json"))
    prompts = java["prompt_ids"]
    java["concat_cache"] = args.concat_cache
    report = {"load_average_before": os.getloadavg(), "torch": torch.__version__, "threads": torch.get_num_threads(),
              "pytorch_cache": "torch.cat" if args.concat_cache else "reserved buffer",
              "prompts": len(prompts), "prompt_tokens": sum(map(len, prompts)), "runs": []}
    with torch.inference_mode():
        for run in java["runs"]:
            greedy(model, decode, prompts, java, run["batch"])  # warm-up (the Java side warms its JIT longer)
        for run in java["runs"]:
            seconds, cpu = [], []
            for _ in range(args.repeats):
                start, cpu_start = time.perf_counter(), time.process_time()
                ours = greedy(model, decode, prompts, java, run["batch"])
                seconds.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
            # the best of the repeats, as the Java side reports: on a shared machine the rest measure its other work
            best = min(seconds)
            generated = sum(map(len, ours))
            same = sum(a == b for a, b in zip(ours, run["generated_ids"]))
            first_diff = [next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                          for a, b in zip(ours, run["generated_ids"]) if a != b]
            row = {"mode": run["mode"], "batch": run["batch"],
                   "java_tokens_per_second": round(run["tokens_per_second"], 1),
                   "java_seconds": round(run["seconds"], 3),
                   "java_all_seconds": [round(s, 3) for s in run["all_seconds"]],
                   "java_generated_tokens": run["generated_tokens"],
                   "pytorch_tokens_per_second": round(generated / best, 1), "pytorch_seconds": round(best, 3),
                   "pytorch_all_seconds": [round(s, 3) for s in seconds], "pytorch_generated_tokens": generated,
                   "ratio_java_over_pytorch": round(run["tokens_per_second"] / (generated / best), 3),
                   # CPU time: steadier than wall time on a shared machine (Java: the generating thread's)
                   "java_cpu_seconds": round(run["cpu_seconds"], 3), "pytorch_cpu_seconds": round(min(cpu), 3),
                   "cpu_ratio_java_over_pytorch": round(min(cpu) / run["cpu_seconds"], 3),
                   "same_outputs": f"{same}/{len(prompts)}", "first_difference_at": first_diff}
            report["runs"].append(row)
    report["load_average_after"] = os.getloadavg()
    print(json.dumps(report, indent=1))
    print(f"{'mode':8} {'batch':>5} {'tokens':>6} {'ours tok/s':>10} {'torch tok/s':>11} {'ratio':>6} "
          f"{'cpu ratio':>9}  same outputs", file=sys.stderr)
    for r in report["runs"]:
        print(f"{r['mode']:8} {r['batch']:5d} {r['java_generated_tokens']:6d} {r['java_tokens_per_second']:10.1f} "
              f"{r['pytorch_tokens_per_second']:11.1f} {r['ratio_java_over_pytorch']:6.2f} "
              f"{r['cpu_ratio_java_over_pytorch']:9.2f}  {r['same_outputs']}", file=sys.stderr)


if __name__ == "__main__":
    main()
