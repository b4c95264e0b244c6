package io.lorasweep.agent.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.lorasweep.agent.io.HostTensor;
import io.lorasweep.agent.model.NDScopes;
import io.lorasweep.agent.model.NamedParameter;
import io.lorasweep.agent.model.Scalars;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as torch.optim.AdamW: {@code p -= lr * wd * p} and then
 * the bias-corrected Adam step. State is created eagerly next to each parameter and updated in place, outside any
 * step scope (a scope would close state created lazily inside it). Parameters, moments and the gradients it is
 * given are f32; a half-precision compute copy is refreshed from its master after each update.
 */
public final class AdamW {

    private final List<NamedParameter> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDArray[] m;
    private final NDArray[] v;
    private int steps;

    public AdamW(List<NamedParameter> params, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps must be positive, got " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
        this.params = List.copyOf(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        m = new NDArray[params.size()];
        v = new NDArray[params.size()];
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i).array();
            m[i] = NDScopes.detach(p.getManager().zeros(p.getShape()));
            v[i] = NDScopes.detach(p.getManager().zeros(p.getShape()));
        }
    }

    public int steps() {
        return steps;
    }

    /** One update from the parameters' accumulated f32 gradients, which are then zeroed. */
    public void step(double lr) {
        List<NDArray> grads = params.stream().map(NamedParameter::gradient).toList();
        step(lr, grads);
        for (NDArray g : grads) {
            Scalars.muli(g, 0);
        }
    }

    /** One update from {@code grads} (f32, one per parameter, in order); the caller clears its gradients. */
    public void step(double lr, List<NDArray> grads) {
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException(grads.size() + " gradients for " + params.size() + " parameters");
        }
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i).array();
            try (NDScope scope = new NDScope()) {
                NDArray g = grads.get(i);
                Scalars.muli(m[i], beta1).addi(Scalars.mul(g, 1 - beta1));
                Scalars.muli(v[i], beta2).addi(Scalars.mul(g.square(), 1 - beta2));
                if (weightDecay > 0) {
                    Scalars.muli(p, 1 - lr * weightDecay);
                }
                NDArray denom = Scalars.add(Scalars.div(v[i], bc2).sqrt(), eps);
                p.subi(Scalars.mul(m[i].div(denom), lr / bc1));
            }
            params.get(i).syncCompute();
        }
    }

    /** Moments keyed by parameter name, and the step count, for a checkpoint. */
    public Map<String, HostTensor> state() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            out.put(name + ".exp_avg", host(m[i]));
            out.put(name + ".exp_avg_sq", host(v[i]));
        }
        out.put("step", new HostTensor(new long[] {1}, new float[] {steps}));
        return out;
    }

    public void loadState(Map<String, HostTensor> state) {
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            set(m[i], state.get(name + ".exp_avg"), name + ".exp_avg");
            set(v[i], state.get(name + ".exp_avg_sq"), name + ".exp_avg_sq");
        }
        HostTensor step = state.get("step");
        if (step == null) {
            throw new IllegalArgumentException("optimizer state has no 'step'");
        }
        steps = (int) step.values()[0];
    }

    private static HostTensor host(NDArray a) {
        return new HostTensor(a.getShape().getShape(), a.toFloatArray());
    }

    private static void set(NDArray target, HostTensor t, String name) {
        if (t == null || !Arrays.equals(t.shape(), target.getShape().getShape())) {
            throw new IllegalArgumentException("optimizer state '" + name + "' is missing or has shape "
                    + (t == null ? "none" : Arrays.toString(t.shape())) + ", needs " + target.getShape());
        }
        target.set(FloatBuffer.wrap(t.values()));
    }

    static Shape shapeOf(NDArray a) {
        return a.getShape();
    }
}
