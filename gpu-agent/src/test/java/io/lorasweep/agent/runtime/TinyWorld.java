package io.lorasweep.agent.runtime;

import io.lorasweep.agent.model.HfCheckpointWriter;
import io.lorasweep.agent.model.LlamaConfig;
import io.lorasweep.agent.model.LlamaModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny but real world for agent tests: a random Llama in the HF layout with a word-level tokenizer over its
 * data, an instruction dataset (number words to digits) and a held-out text.
 */
public final class TinyWorld {

    private static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
        "nine"};
    private static final Pattern TOKEN = Pattern.compile("\\w+|[^\\w\\s]+");

    private TinyWorld() {
    }

    /** Writes model/, data/train.jsonl, data/eval.jsonl and data/heldout.txt under {@code root}. */
    public static void write(Path root) throws IOException {
        List<String> train = new ArrayList<>();
        List<String> eval = new ArrayList<>();
        StringBuilder heldout = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            int a = i % 10;
            int b = (i * 7 + 3) % 10;
            String line = "{\"instruction\": \"Write the digits.\", \"input\": \"" + WORDS[a] + " " + WORDS[b]
                    + "\", \"output\": \"" + a + " " + b + "\"}";
            (i < 32 ? train : eval).add(line);
            heldout.append(WORDS[a]).append(' ').append(WORDS[b]).append(" is ").append(a).append(' ').append(b)
                    .append(" .\n");
        }
        Path data = Files.createDirectories(root.resolve("data"));
        Files.write(data.resolve("train.jsonl"), train, StandardCharsets.UTF_8);
        Files.write(data.resolve("eval.jsonl"), eval, StandardCharsets.UTF_8);
        Files.writeString(data.resolve("heldout.txt"), heldout.toString());

        // every token of the prompt template and the data gets an id
        Set<String> vocab = new LinkedHashSet<>(List.of("[UNK]", "</s>"));
        String everything = String.join("\n", train) + String.join("\n", eval) + heldout
                + " Below is an instruction that describes a task , paired with an input that provides further"
                + " context . Write a response that appropriately completes the request . ### Instruction : "
                + "Input : Response : \n";
        for (int d = 0; d < 10; d++) {
            vocab.add(Integer.toString(d));
        }
        Matcher m = TOKEN.matcher(everything);
        while (m.find()) {
            vocab.add(m.group());
        }
        StringBuilder json = new StringBuilder("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,"
                + "\"added_tokens\":[],\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"Whitespace\"},"
                + "\"post_processor\":null,\"decoder\":null,\"model\":{\"type\":\"WordLevel\",\"vocab\":{");
        int id = 0;
        for (String token : vocab) {
            json.append(id == 0 ? "" : ",").append('"').append(token.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\":").append(id++);
        }
        json.append("},\"unk_token\":\"[UNK]\"}}");
        Path model = Files.createDirectories(root.resolve("model"));
        Files.writeString(model.resolve("tokenizer.json"), json);
        LlamaConfig config = LlamaConfig.of(vocab.size(), 32, 64, 2, 4, 2, 128, true)
                .withSpecialTokens(null, List.of(1));
        HfCheckpointWriter.write(model, config, LlamaModel.randomTensors(config, 7, 0.3));
    }
}
