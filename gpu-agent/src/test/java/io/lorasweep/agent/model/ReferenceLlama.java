package io.lorasweep.agent.model;

import io.lorasweep.agent.io.HostTensor;
import java.util.Map;

/**
 * A Llama forward pass in plain double-precision loops, written from the architecture's definition and sharing no
 * code with {@link LlamaModel}: the yardstick the DJL model is tested against.
 */
final class ReferenceLlama {

    private final LlamaConfig c;
    private final Map<String, HostTensor> w;
    private final double[] invFreq;

    ReferenceLlama(LlamaConfig config, Map<String, HostTensor> weights) {
        this.c = config;
        this.w = weights;
        int half = c.headDim() / 2;
        invFreq = new double[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.headDim());
            if (c.ropeScaling() != null) {
                RopeScaling s = c.ropeScaling();
                double wavelen = 2 * Math.PI / invFreq[i];
                double low = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
                double high = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
                if (wavelen > low) {
                    invFreq[i] /= s.factor();
                } else if (wavelen >= high) {
                    double smooth = (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
                            / (s.highFreqFactor() - s.lowFreqFactor());
                    invFreq[i] = (1 - smooth) * invFreq[i] / s.factor() + smooth * invFreq[i];
                }
            }
        }
    }

    /** Logits [T][V] for one unpadded sequence. */
    double[][] logits(int[] ids) {
        int t = ids.length;
        int h = c.hiddenSize();
        double[][] x = new double[t][h];
        HostTensor emb = w.get("model.embed_tokens.weight");
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                x[i][j] = emb.values()[ids[i] * h + j];
            }
        }
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] hn = norm(x, w.get(p + "input_layernorm.weight"));
            double[][] q = linear(hn, w.get(p + "self_attn.q_proj.weight"));
            double[][] k = linear(hn, w.get(p + "self_attn.k_proj.weight"));
            double[][] v = linear(hn, w.get(p + "self_attn.v_proj.weight"));
            rotate(q, c.numAttentionHeads());
            rotate(k, c.numKeyValueHeads());
            int d = c.headDim();
            double[][] attn = new double[t][c.numAttentionHeads() * d];
            for (int head = 0; head < c.numAttentionHeads(); head++) {
                int kvHead = head / (c.numAttentionHeads() / c.numKeyValueHeads());
                for (int i = 0; i < t; i++) {
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += q[i][head * d + e] * k[j][kvHead * d + e];
                        }
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int e = 0; e < d; e++) {
                            attn[i][head * d + e] += s[j] / sum * v[j][kvHead * d + e];
                        }
                    }
                }
            }
            add(x, linear(attn, w.get(p + "self_attn.o_proj.weight")));
            double[][] h2 = norm(x, w.get(p + "post_attention_layernorm.weight"));
            double[][] g = linear(h2, w.get(p + "mlp.gate_proj.weight"));
            double[][] u = linear(h2, w.get(p + "mlp.up_proj.weight"));
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    g[i][j] = g[i][j] / (1 + Math.exp(-g[i][j])) * u[i][j];
                }
            }
            add(x, linear(g, w.get(p + "mlp.down_proj.weight")));
        }
        x = norm(x, w.get("model.norm.weight"));
        return linear(x, c.tieWordEmbeddings() ? emb : w.get("lm_head.weight"));
    }

    private void rotate(double[][] m, int heads) {
        int d = c.headDim();
        int half = d / 2;
        for (int pos = 0; pos < m.length; pos++) {
            for (int head = 0; head < heads; head++) {
                for (int i = 0; i < half; i++) {
                    double a = m[pos][head * d + i];
                    double b = m[pos][head * d + half + i];
                    double cos = Math.cos(pos * invFreq[i]);
                    double sin = Math.sin(pos * invFreq[i]);
                    m[pos][head * d + i] = a * cos - b * sin;
                    m[pos][head * d + half + i] = b * cos + a * sin;
                }
            }
        }
    }

    private double[][] norm(double[][] x, HostTensor weight) {
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double ss = 0;
            for (double v : x[i]) {
                ss += v * v;
            }
            double r = 1 / Math.sqrt(ss / x[i].length + c.rmsNormEps());
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] * r * weight.values()[j];
            }
        }
        return out;
    }

    static double[][] linear(double[][] x, HostTensor weight) {
        int out = (int) weight.dim(0);
        int in = (int) weight.dim(1);
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int j = 0; j < in; j++) {
                    s += x[i][j] * weight.values()[o * in + j];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
