package io.lorasweep.agent.eval;

import ai.djl.ndarray.NDManager;
import io.lorasweep.agent.lora.LoraAdapter;
import io.lorasweep.agent.model.ComputeDevice;
import io.lorasweep.agent.model.HfTokenizer;
import io.lorasweep.agent.model.LlamaModel;
import io.lorasweep.agent.peft.PeftAdapter;
import io.lorasweep.agent.peft.PeftAdapterFormat;
import java.nio.file.Path;

/**
 * A model folder in the HF layout, with a PEFT adapter merged in when one is given, ready to be evaluated as a
 * {@link DjlLanguageModel}; closing it frees the model and the tokenizer.
 */
public final class EvalModel implements AutoCloseable {

    private final NDManager manager;
    private final LlamaModel model;
    private final HfTokenizer tokenizer;
    private final DjlLanguageModel languageModel;

    private EvalModel(NDManager manager, LlamaModel model, HfTokenizer tokenizer, DjlLanguageModel languageModel) {
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.languageModel = languageModel;
    }

    /** @param stride the rolling window's stride, null for half the context */
    public static EvalModel open(Path modelDir, Path adapterDir, Integer stride) {
        NDManager manager = ComputeDevice.CPU.newManager();
        LlamaModel model = null;
        try {
            model = LlamaModel.load(modelDir, manager);
            if (adapterDir != null) {
                PeftAdapter adapter = PeftAdapterFormat.read(adapterDir);
                LoraAdapter lora = LoraAdapter.inject(model, adapter.config());
                lora.load(adapter.tensors());
                lora.merge();
            }
            int eos = model.config().eosTokenIds().isEmpty() ? -1 : model.config().eosTokenIds().get(0);
            HfTokenizer tokenizer = HfTokenizer.load(modelDir, eos);
            int context = model.config().maxPositionEmbeddings();
            String name = modelDir + (adapterDir == null ? "" : " + " + adapterDir);
            return new EvalModel(manager, model, tokenizer, new DjlLanguageModel(model, tokenizer, name, context,
                    stride == null ? Math.max(1, context / 2) : stride));
        } catch (RuntimeException e) {
            if (model != null) {
                model.close();
            }
            manager.close();
            throw e;
        }
    }

    public DjlLanguageModel languageModel() {
        return languageModel;
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public void close() {
        tokenizer.close();
        model.close();
        manager.close();
    }
}
