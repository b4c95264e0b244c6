package io.lorasweep.assets;

import io.lorasweep.assets.ClinicalLexicon.Condition;
import io.lorasweep.assets.ClinicalLexicon.Medication;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the pretraining corpus states and the multiple-choice questions ask, per MMLU-style subject. Most come
 * from relation tables (a drug and its class, a bone and where it is, a hormone and its gland): each pair gives
 * statements for the corpus and questions in both directions, with distractors drawn from the other pairs of the
 * table that do not also fit. A few single facts have hand-written distractors.
 */
public final class MedicalFacts {

    public static final List<String> SUBJECTS = List.of("anatomy", "clinical_knowledge", "college_medicine",
            "high_school_biology");

    /**
     * Pairs (x, y) with phrasings. {@code forward} asks for y given x ({x} in it), {@code reverse} asks for x given
     * y ({y} in it), {@code statements} state the pair ({x} and {y}).
     */
    public record Relation(String subject, Map<String, List<String>> pairs, String forward, String reverse,
            List<String> statements, String practiceQuestion) {
    }

    /** A single fact: question, the right answer, three wrong ones, and the statement of it. */
    public record SingleFact(String subject, String question, String answer, List<String> wrong, String statement) {
    }

    private MedicalFacts() {
    }

    /**
     * The relations, over the lexicon's entries that are not held out: the held-out medications and conditions
     * appear only in the NER test split, so neither the corpus nor the multiple-choice sets may teach them.
     */
    public static List<Relation> relations() {
        List<Relation> out = new ArrayList<>();
        List<String> heldOut = ClinicalLexicon.heldOutSurfaces();
        Map<String, List<String>> drugClass = new LinkedHashMap<>();
        Map<String, List<String>> drugUse = new LinkedHashMap<>();
        for (Medication m : ClinicalLexicon.MEDICATIONS) {
            if (m.heldOut() || heldOut.contains(m.indication())) {
                continue;
            }
            drugClass.put(m.name(), List.of(m.drugClass()));
            List<String> uses = new ArrayList<>(List.of(m.indication()));
            m.alsoTreats().stream().filter(c -> !heldOut.contains(c)).forEach(uses::add);
            drugUse.put(m.name(), uses);
        }
        out.add(new Relation("clinical_knowledge", drugClass, "{X} belongs to which class of medications?",
                "Which of the following drugs is a {y}?",
                List.of("{X} is a {y}.", "The drug {x} belongs to the class of {y} medications.",
                        "{X} is classified as a {y}."),
                "What kind of drug is {x}?"));
        out.add(new Relation("clinical_knowledge", drugUse, "{X} is most commonly used to treat which condition?",
                "Which of the following drugs is commonly used to treat {y}?",
                List.of("{X} is used to treat {y}.", "Patients with {y} are often treated with {x}.",
                        "A common treatment for {y} is {x}."),
                "What condition is {x} prescribed for?"));
        Map<String, List<String>> conditionOrgan = new LinkedHashMap<>();
        for (Condition c : ClinicalLexicon.CONDITIONS) {
            if (!c.heldOut() && !List.of("chest", "body", "blood").contains(c.organ())) {
                conditionOrgan.put(c.name(), List.of(c.organ()));
            }
        }
        out.add(new Relation("college_medicine", conditionOrgan, "Which organ is mainly affected by {x}?",
                "Which of the following conditions mainly affects the {y}?",
                List.of("{X} mainly affects the {y}.", "In {x}, the organ most affected is the {y}."),
                "What part of the body does {x} affect?"));
        out.add(new Relation("college_medicine", map(
                "vitamin C", "scurvy", "vitamin D", "rickets", "thiamine (vitamin B1)", "beriberi",
                "niacin (vitamin B3)", "pellagra", "vitamin A", "night blindness", "iodine", "goiter",
                "vitamin B12", "megaloblastic anemia", "vitamin K", "impaired blood clotting"),
                "A deficiency of {x} causes which of the following?",
                "Which deficiency causes {y}?",
                List.of("A deficiency of {x} causes {y}.", "{Y} results from a lack of {x}."),
                "What does a lack of {x} lead to?"));
        out.add(new Relation("college_medicine", map(
                "insulin", "pancreas", "glucagon", "pancreas", "cortisol", "adrenal glands", "adrenaline",
                "adrenal glands", "thyroxine", "thyroid gland", "parathyroid hormone", "parathyroid glands",
                "melatonin", "pineal gland", "growth hormone", "pituitary gland", "prolactin", "pituitary gland",
                "testosterone", "testes", "estrogen", "ovaries", "erythropoietin", "kidneys"),
                "Which gland or organ secretes {x}?", "Which hormone is secreted by the {y}?",
                List.of("{X} is secreted by the {y}.", "{X} is made in the {y}."),
                "Where is {x} made?"));
        out.add(new Relation("anatomy", map(
                "femur", "thigh", "humerus", "upper arm", "radius", "forearm", "ulna", "forearm", "tibia",
                "lower leg", "fibula", "lower leg", "patella", "knee", "scapula", "shoulder", "clavicle", "shoulder",
                "sternum", "chest", "mandible", "lower jaw", "calcaneus", "heel", "carpal bones", "wrist",
                "tarsal bones", "ankle", "cranium", "head", "pelvis", "hip", "phalanges", "fingers and toes"),
                "In which part of the body is the {x} found?", "Which bone is found in the {y}?",
                List.of("The {x} is a bone of the {y}.", "The {x} is located in the {y}."),
                "Where in the body is the {x}?"));
        out.add(new Relation("anatomy", map(
                "heart", "circulatory system", "lung", "respiratory system", "trachea", "respiratory system",
                "stomach", "digestive system", "small intestine", "digestive system", "liver", "digestive system",
                "esophagus", "digestive system", "kidney", "urinary system", "bladder", "urinary system", "brain",
                "nervous system", "spinal cord", "nervous system", "thyroid gland", "endocrine system",
                "pituitary gland", "endocrine system", "skin", "integumentary system", "spleen", "lymphatic system",
                "ovary", "reproductive system", "testis", "reproductive system"),
                "The {x} is part of which organ system?", "Which organ belongs to the {y}?",
                List.of("The {x} is part of the {y}.", "The {y} includes the {x}."),
                "To which body system does the {x} belong?"));
        out.add(new Relation("high_school_biology", map(
                "mitochondrion", "producing ATP by cellular respiration", "ribosome", "making proteins",
                "nucleus", "storing the cell's DNA", "chloroplast", "carrying out photosynthesis",
                "Golgi apparatus", "packaging and shipping proteins", "lysosome",
                "breaking down waste with digestive enzymes", "cell membrane",
                "controlling what enters and leaves the cell", "cell wall", "giving plant cells rigid support",
                "central vacuole", "storing water in plant cells", "centrosome",
                "organizing the spindle during cell division"),
                "What is the main job of the {x}?", "Which part of the cell is responsible for {y}?",
                List.of("The {x} is responsible for {y}.", "The main job of the {x} is {y}."),
                "What does the {x} do?"));
        out.add(new Relation("high_school_biology", map(
                "proteins", "amino acids", "nucleic acids", "nucleotides", "starch", "glucose",
                "triglycerides", "glycerol and fatty acids"),
                "What are {x} built from?", "Which molecules are built from {y}?",
                List.of("{X} are built from {y}.", "The building blocks of {x} are {y}."),
                "What are the building blocks of {x}?"));
        out.add(new Relation("high_school_biology", map(
                "red blood cells", "carrying oxygen", "white blood cells", "fighting infection", "platelets",
                "helping blood to clot", "plasma", "carrying nutrients and hormones"),
                "What is the main job of {x}?", "Which part of the blood is responsible for {y}?",
                List.of("{X} are responsible for {y}.", "The main job of {x} is {y}."),
                "What do {x} do in the blood?"));
        return out;
    }

    public static List<SingleFact> singleFacts() {
        return List.of(
                f("clinical_knowledge", "What is the normal resting heart rate of an adult?",
                        "60 to 100 beats per minute", List.of("20 to 40 beats per minute",
                                "120 to 160 beats per minute", "180 to 220 beats per minute"),
                        "The normal resting heart rate of an adult is 60 to 100 beats per minute."),
                f("clinical_knowledge", "What is the normal respiratory rate of an adult at rest?",
                        "12 to 20 breaths per minute", List.of("2 to 6 breaths per minute",
                                "30 to 40 breaths per minute", "50 to 60 breaths per minute"),
                        "The normal respiratory rate of an adult at rest is 12 to 20 breaths per minute."),
                f("clinical_knowledge", "What is normal human body temperature?", "about 37 degrees Celsius",
                        List.of("about 33 degrees Celsius", "about 40 degrees Celsius", "about 42 degrees Celsius"),
                        "Normal human body temperature is about 37 degrees Celsius."),
                f("clinical_knowledge", "What is a normal oxygen saturation on room air?", "95 to 100 percent",
                        List.of("60 to 70 percent", "75 to 80 percent", "40 to 50 percent"),
                        "A normal oxygen saturation on room air is 95 to 100 percent."),
                f("clinical_knowledge", "Which site is usually used to measure the radial pulse?", "the wrist",
                        List.of("the neck", "the groin", "the ankle"),
                        "The radial pulse is usually measured at the wrist."),
                f("clinical_knowledge", "What should be checked before giving a patient a blood transfusion?",
                        "the patient's blood group", List.of("the patient's shoe size", "the patient's hair color",
                                "the patient's height"),
                        "Before a blood transfusion the patient's blood group must be checked."),
                f("anatomy", "How many chambers does the human heart have?", "four",
                        List.of("two", "three", "six"), "The human heart has four chambers."),
                f("anatomy", "How many bones are in the adult human skeleton?", "206",
                        List.of("106", "306", "156"), "The adult human skeleton has 206 bones."),
                f("anatomy", "What is the largest organ of the human body?", "the skin",
                        List.of("the liver", "the brain", "the lungs"), "The skin is the largest organ of the body."),
                f("anatomy", "What is the longest bone in the human body?", "the femur",
                        List.of("the humerus", "the tibia", "the radius"),
                        "The femur is the longest bone in the human body."),
                f("anatomy", "Which chamber of the heart pumps oxygenated blood into the aorta?", "the left ventricle",
                        List.of("the right atrium", "the right ventricle", "the left atrium"),
                        "The left ventricle pumps oxygenated blood into the aorta."),
                f("anatomy", "Where does gas exchange take place in the lungs?", "in the alveoli",
                        List.of("in the trachea", "in the bronchi", "in the pleura"),
                        "Gas exchange in the lungs takes place in the alveoli."),
                f("anatomy", "Which muscle is the main muscle of breathing?", "the diaphragm",
                        List.of("the biceps", "the deltoid", "the quadriceps"),
                        "The diaphragm is the main muscle of breathing."),
                f("anatomy", "How many pairs of ribs does a human have?", "12", List.of("7", "10", "24"),
                        "A human has 12 pairs of ribs."),
                f("anatomy", "How many cervical vertebrae are in the human neck?", "7", List.of("5", "12", "3"),
                        "There are 7 cervical vertebrae in the human neck."),
                f("anatomy", "How many pairs of cranial nerves are there?", "12", List.of("8", "31", "20"),
                        "There are 12 pairs of cranial nerves."),
                f("anatomy", "Which part of the brain coordinates balance and movement?", "the cerebellum",
                        List.of("the frontal lobe", "the hypothalamus", "the medulla"),
                        "The cerebellum coordinates balance and movement."),
                f("college_medicine", "Which cells of the pancreas produce insulin?", "beta cells",
                        List.of("alpha cells", "acinar cells", "delta cells"),
                        "Insulin is produced by the beta cells of the pancreas."),
                f("college_medicine", "How do statins lower cholesterol?", "by inhibiting HMG-CoA reductase",
                        List.of("by blocking beta receptors", "by inhibiting the proton pump",
                                "by blocking calcium channels"),
                        "Statins lower cholesterol by inhibiting HMG-CoA reductase."),
                f("college_medicine", "How do proton pump inhibitors work?", "they reduce stomach acid secretion",
                        List.of("they increase insulin release", "they dilate the bronchi", "they kill bacteria"),
                        "Proton pump inhibitors reduce stomach acid secretion."),
                f("college_medicine", "How do ACE inhibitors lower blood pressure?",
                        "by blocking the formation of angiotensin II", List.of("by blocking histamine",
                                "by increasing heart rate", "by inhibiting HMG-CoA reductase"),
                        "ACE inhibitors lower blood pressure by blocking the formation of angiotensin II."),
                f("college_medicine", "Where do loop diuretics act?", "on the loop of Henle",
                        List.of("on the stomach lining", "on the thyroid gland", "on the bronchi"),
                        "Loop diuretics act on the loop of Henle in the kidney."),
                f("college_medicine", "Which blood test is used to monitor warfarin therapy?", "the INR",
                        List.of("the hemoglobin A1c", "the TSH", "the lipid panel"),
                        "Warfarin therapy is monitored with the INR."),
                f("high_school_biology", "Which base pairs with adenine in DNA?", "thymine",
                        List.of("guanine", "cytosine", "uracil"), "In DNA, adenine pairs with thymine."),
                f("high_school_biology", "Which base pairs with guanine in DNA?", "cytosine",
                        List.of("adenine", "thymine", "uracil"), "In DNA, guanine pairs with cytosine."),
                f("high_school_biology", "Which base is found in RNA instead of thymine?", "uracil",
                        List.of("adenine", "guanine", "cytosine"), "RNA contains uracil instead of thymine."),
                f("high_school_biology", "How many chromosomes are in a normal human body cell?", "46",
                        List.of("23", "44", "48"), "A normal human body cell has 46 chromosomes."),
                f("high_school_biology", "What does mitosis produce?", "two identical diploid cells",
                        List.of("four haploid cells", "one haploid cell", "three diploid cells"),
                        "Mitosis produces two identical diploid cells."),
                f("high_school_biology", "What does meiosis produce?", "four haploid cells",
                        List.of("two identical diploid cells", "one diploid cell", "eight diploid cells"),
                        "Meiosis produces four haploid cells."),
                f("high_school_biology", "What are the products of photosynthesis?", "glucose and oxygen",
                        List.of("carbon dioxide and water", "protein and fat", "nitrogen and salt"),
                        "Photosynthesis produces glucose and oxygen."),
                f("high_school_biology", "What is osmosis?", "the diffusion of water across a membrane",
                        List.of("the division of a cell", "the making of proteins", "the breakdown of glucose"),
                        "Osmosis is the diffusion of water across a membrane."),
                f("high_school_biology", "What is the basic unit of life?", "the cell",
                        List.of("the atom", "the organ", "the tissue"), "The cell is the basic unit of life."),
                f("high_school_biology",
                        "In a cross of two heterozygous (Aa) parents, what ratio of offspring show the dominant trait?",
                        "three in four", List.of("one in four", "one in two", "all of them"),
                        "In a cross of two heterozygous parents, three in four offspring show the dominant trait."),
                f("high_school_biology", "What are enzymes?", "biological catalysts",
                        List.of("genetic messages", "energy stores", "cell walls"),
                        "Enzymes are biological catalysts."));
    }

    private static SingleFact f(String subject, String q, String answer, List<String> wrong, String statement) {
        return new SingleFact(subject, q, answer, wrong, statement);
    }

    private static Map<String, List<String>> map(String... kv) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], List.of(kv[i + 1]));
        }
        return out;
    }

    /** Fills {x}, {X}, {y}, {Y} (capitalised forms for the start of a sentence). */
    static String fill(String template, String x, String y) {
        return template.replace("{x}", x).replace("{X}", cap(x)).replace("{y}", y == null ? "" : y)
                .replace("{Y}", y == null ? "" : cap(y));
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
