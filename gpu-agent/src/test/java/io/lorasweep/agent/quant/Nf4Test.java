package io.lorasweep.agent.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.DjlTestSupport;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.LlamaConfig;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Nf4Test {

    static NDManager manager;

    @BeforeAll
    static void start() {
        manager = DjlTestSupport.engine().newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void theCodeTableIsTheQloraPapers() {
        float[] published = {-1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
            -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f,
            0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f,
            0.5626170039176941f, 0.7229568362236023f, 1.0f};
        assertArrayEquals(published, Nf4Codec.table());
        // each code is where its own value lands, and values between two codes go to the nearer one
        for (int i = 0; i < 16; i++) {
            assertEquals(i, Nf4Codec.encode(published[i]));
        }
        assertEquals(7, Nf4Codec.encode(0.039f));
        assertEquals(8, Nf4Codec.encode(0.0399f));
        assertEquals(15, Nf4Codec.encode(0.87f));
        assertEquals(14, Nf4Codec.encode(0.86f));
    }

    @Test
    void eachBlockOf64IsScaledByItsOwnAbsmaxAndPackedHighNibbleFirst() {
        float[] v = new float[130]; // two full blocks and a partial one
        Random r = new Random(3);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * (i < 64 ? 1 : i < 128 ? 10 : 0.01f);
        }
        v[5] = -4f; // absmax of block 0, negative
        Nf4Tensor q = Nf4Codec.quantize(new HostTensor(new long[] {2, 65}, v), false);
        assertEquals(3, q.absmax().length);
        for (int b = 0; b < 3; b++) {
            float max = 0;
            for (int i = b * 64; i < Math.min(v.length, b * 64 + 64); i++) {
                max = Math.max(max, Math.abs(v[i]));
            }
            assertEquals(max, q.absmax()[b]);
        }
        assertEquals(4f, q.absmax()[0]);
        int first = q.packed()[0] & 0xff;
        assertEquals(Nf4Codec.encode(v[0] / 4f), first >>> 4);
        assertEquals(Nf4Codec.encode(v[1] / 4f), first & 0x0f);
        HostTensor d = Nf4Codec.dequantize(q);
        float[] table = Nf4Codec.table();
        for (int i = 0; i < v.length; i++) {
            float scale = q.absmax()[i / 64];
            assertEquals(table[Nf4Codec.encode(v[i] / scale)] * scale, d.values()[i], 0f, "value " + i);
        }
        assertEquals(-4f, d.values()[5], 0f); // the absmax element is exact
        // padding codes beyond the last value are the exact zero
        assertEquals(0x77, q.packed()[q.packed().length - 1] & 0xff);
    }

    @Test
    void doubleQuantisationKeepsTheAbsmaxCloseAndCutsBytes() {
        int n = 64 * 600;
        float[] v = new float[n];
        Random r = new Random(4);
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * 0.02);
        }
        HostTensor t = new HostTensor(new long[] {600, 64}, v);
        Nf4Tensor plain = Nf4Codec.quantize(t, false);
        Nf4Tensor dq = Nf4Codec.quantize(t, true);
        float[] exact = plain.absmax();
        float[] approx = Nf4Codec.absmax(dq);
        for (int b = 0; b < exact.length; b++) {
            assertEquals(exact[b], approx[b], 0.01 * exact[b], "absmax of block " + b);
        }
        assertEquals(3, dq.absmax2().length);
        assertTrue(dq.storageBytes() < plain.storageBytes());
        assertEquals(n / 2 + 4 * 600, plain.storageBytes());
        assertEquals(n / 2 + 600 + 4 * 3 + 4, dq.storageBytes());
    }

    @Test
    void theDynamicMapIsBitsandbytesSigned8Bit() {
        float[] map = Nf4Codec.dynamicMap();
        assertEquals(256, map.length);
        assertEquals(1f, map[255]);
        assertEquals(-0.99296875f, map[0], 1e-6f);
        assertEquals(0f, map[127]);
        for (int i = 1; i < 256; i++) {
            assertTrue(map[i] >= map[i - 1]);
        }
        assertEquals(5e-7f * 1.1f, map[128], 1e-9f); // the smallest positive: 10^-6 * midpoint of [0.1, 1]
    }

    @Test
    void nf4LinearDequantisesOnTheFlyToTheHostDequantisation() {
        for (boolean doubleQuant : new boolean[] {false, true}) {
            float[] w = new float[48 * 40];
            Random r = new Random(5);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            Nf4Tensor q = Nf4Codec.quantize(new HostTensor(new long[] {48, 40}, w), doubleQuant);
            float[] expected = Nf4Codec.dequantize(q).values();
            Nf4Linear layer = new Nf4Linear(q, manager);
            try (NDScope scope = new NDScope()) {
                assertArrayEquals(expected, layer.denseWeight().toFloatArray(), 1e-6f);
                float[] x = new float[3 * 40];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextGaussian();
                }
                float[] y = layer.forward(manager.create(x, new Shape(3, 40))).toFloatArray();
                for (int row = 0; row < 3; row++) {
                    for (int o = 0; o < 48; o++) {
                        double s = 0;
                        for (int i = 0; i < 40; i++) {
                            s += x[row * 40 + i] * expected[o * 40 + i];
                        }
                        assertEquals(s, y[row * 48 + o], 1e-4 * Math.max(1, Math.abs(s)));
                    }
                }
            }
        }
    }

    @Test
    void nf4WithDoubleQuantisationIsUnderFourteenPercentOfF32() {
        BaseWeightBytes b = BaseWeightBytes.of(LlamaConfig.of(32000, 512, 1376, 8, 8, 8, 512, false));
        assertTrue(b.nf4DoubleQuantRatio() <= 0.14, "ratio " + b.nf4DoubleQuantRatio());
        assertTrue(b.nf4Ratio() < 0.16 && b.nf4Ratio() > 0.14, "ratio " + b.nf4Ratio());
    }
}
