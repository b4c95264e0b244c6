package io.lorasweep.assets;

import io.lorasweep.assets.ClinicalLexicon.Condition;
import io.lorasweep.assets.ClinicalLexicon.Frequency;
import io.lorasweep.assets.ClinicalLexicon.Medication;
import io.lorasweep.assets.ClinicalLexicon.Procedure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Clinical notes from sentence templates over the {@link ClinicalLexicon}: a patient, one or two conditions, the
 * medications that treat them with a dose, the procedures that go with them, and sentences without entities. The
 * DOSAGE span is the amount with its unit and, when one follows, the frequency ("40 mg twice daily"). Every note
 * also gets a one-line summary stating only what the note says. Deterministic for a given {@link Random}.
 *
 * <p>A generator either excludes the lexicon's held-out entries (training notes, the pretraining corpus) or allows
 * them and puts at least one in a share of its notes (the NER test split).
 */
public final class ClinicalNoteGenerator {

    static final String MEDICATION = "MEDICATION";
    static final String DOSAGE = "DOSAGE";
    static final String CONDITION = "CONDITION";
    static final String PROCEDURE = "PROCEDURE";

    private static final List<String> FIRST = List.of("James", "Mary", "Robert", "Patricia", "John", "Jennifer",
            "Michael", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
            "Thomas", "Sarah", "Carlos", "Maria", "Ahmed", "Fatima", "Wei", "Mei", "Raj", "Priya", "Olga", "Ivan",
            "Kwame", "Amara", "Hiroshi", "Yuki", "Luca", "Sofia", "Noah", "Emma", "Liam", "Olivia", "Omar", "Leila");
    private static final List<Boolean> FIRST_IS_FEMALE = List.of(false, true, false, true, false, true, false, true,
            false, true, false, true, false, true, false, true, false, true, false, true, false, true, false, true,
            false, true, true, false, false, true, false, true, false, true, false, true, false, true, false, true);
    private static final List<String> LAST = List.of("Smith", "Johnson", "Garcia", "Miller", "Davis", "Lopez",
            "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris",
            "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams",
            "Nelson", "Hill", "Campbell", "Chen", "Patel", "Nguyen", "Kim", "Singh", "Okafor", "Rossi", "Novak");

    private static final List<String> INTRO_ONE = List.of(
            "{name} is a {age}-year-old {sex} who presents with {C1}.",
            "{age}-year-old {sex} admitted with {C1}.",
            "Patient is a {age}-year-old {sex} with known {C1}.",
            "{title} {last} is a {age} year old {sex} seen today for {C1}.",
            "{name}, a {age}-year-old {sex}, presents for evaluation of {C1}.",
            "{age} y/o {sex} referred to clinic for management of {C1}.",
            "Chief complaint: {C1}. The patient is a {age}-year-old {sex}.");
    private static final List<String> INTRO_TWO = List.of(
            "{name} is a {age}-year-old {sex} with a history of {C2} who presents with {C1}.",
            "{age}-year-old {sex} with {C2}, admitted with {C1}.",
            "{title} {last} is a {age} year old {sex} seen today for follow-up of {C1} and {C2}.",
            "Patient is a {age}-year-old {sex} with known {C2}, now with worsening {C1}.",
            "{name}, a {age}-year-old {sex} with {C2}, presents with {C1}.",
            "History of present illness: {age}-year-old {sex} with {C1} and a history of {C2}.",
            "{age} y/o {sex} with {C1} and {C2} presenting for routine review.");
    private static final List<String> MED_START = List.of("Started {M1} {D1}.", "Started {M1} {D1} for {C}.",
            "Prescribed {M1} {D1} for {C}.", "Plan: begin {M1} {D1}.", "We will start {M1} {D1}.",
            "{M1} {D1} was started for {C}.", "Initiated {M1} at {D1}.");
    private static final List<String> MED_CONTINUE = List.of("Continue {M1} {D1}.", "{M1} {D1} was continued.",
            "{pron} takes {M1} {D1} for {C}.", "Patient reports taking {M1} {D1} regularly.",
            "Remains on {M1} {D1}.");
    private static final List<String> MED_INCREASE = List.of("Increased {M1} to {D1}.",
            "{M1} was increased to {D1} because of persistent symptoms.", "The dose of {M1} was raised to {D1}.");
    private static final List<String> MED_STOP = List.of("{M1} was discontinued.", "Stopped {M1} due to side effects.",
            "Discontinue {M1}.");
    private static final List<String> MED_HOME = List.of("Home medications include {M1} {D1} and {M2} {D2}.",
            "Medications: {M1} {D1}, {M2} {D2}.", "Current medications are {M1} {D1} and {M2} {D2}.");
    private static final List<String> PROC_DONE = List.of("Underwent {P}, which showed {finding}.",
            "{P} showed {finding}.", "{P} was performed without complications.", "{P} revealed {finding}.",
            "Status post {P} yesterday.");
    private static final List<String> PROC_PLANNED = List.of("Scheduled for {P} next week.", "Referred for {P}.",
            "Will obtain {P}.", "Plan for {P} tomorrow.", "Results of the {P} are pending.");
    private static final List<String> PROC_HISTORY = List.of("Past surgical history includes {P}.",
            "Prior {P} several years ago.");
    private static final List<String> PLAIN = List.of("Vital signs are stable.", "Blood pressure 132/84, heart rate 78.",
            "Follow up in {n} weeks.", "No known drug allergies.", "Tolerating diet well.",
            "Lungs clear to auscultation.", "Labs reviewed with the patient.", "Discussed risks and benefits.",
            "Alert and oriented.", "Return precautions given.", "Lives with family and walks daily.",
            "Temperature 37.1 C, oxygen saturation 97 percent on room air.", "Denies recent travel.",
            "Will reassess at the next visit.", "Nonsmoker.", "Sleeping better this week.");

    private final Random random;
    private final boolean allowHeldOut;
    private final double heldOutShare;

    /**
     * @param allowHeldOut  whether held-out lexicon entries may appear
     * @param heldOutShare  when allowed, the share of notes forced to contain at least one held-out entry
     */
    public ClinicalNoteGenerator(Random random, boolean allowHeldOut, double heldOutShare) {
        if (!(heldOutShare >= 0 && heldOutShare <= 1)) {
            throw new IllegalArgumentException("heldOutShare must be in [0, 1], got " + heldOutShare);
        }
        this.random = random;
        this.allowHeldOut = allowHeldOut;
        this.heldOutShare = allowHeldOut ? heldOutShare : 0;
    }

    private enum MedAction { START, CONTINUE, INCREASE, STOP, HOME }

    private enum ProcStatus { DONE, PLANNED }

    public ClinicalNote next() {
        if (random.nextDouble() < 0.04) {
            return noteWithoutEntities();
        }
        boolean forceHeldOut = random.nextDouble() < heldOutShare;
        Predicate<Boolean> allowed = h -> allowHeldOut || !h;
        List<Condition> conditions = ClinicalLexicon.CONDITIONS.stream().filter(c -> allowed.test(c.heldOut()))
                .toList();
        Condition c1 = pick(forceHeldOut && random.nextBoolean()
                ? conditions.stream().filter(Condition::heldOut).toList() : conditions);
        Condition c2 = random.nextDouble() < 0.55 ? pick(conditions) : null;
        if (c2 != null && c2.name().equals(c1.name())) {
            c2 = null;
        }
        int first = random.nextInt(FIRST.size());
        boolean female = FIRST_IS_FEMALE.get(first);
        int age = 19 + random.nextInt(75);
        Map<String, String> vars = new HashMap<>();
        vars.put("name", FIRST.get(first) + " " + pick(LAST));
        vars.put("last", pick(LAST));
        vars.put("title", female ? "Ms." : "Mr.");
        vars.put("age", Integer.toString(age));
        String sexWord = female ? pick(List.of("woman", "woman", "female")) : pick(List.of("man", "man", "male"));
        vars.put("sex", sexWord);
        vars.put("pron", female ? "She" : "He");
        vars.put("n", Integer.toString(1 + random.nextInt(8)));

        AnnotatedText out = new AnnotatedText();
        Map<String, Slot> slots = new HashMap<>();
        slots.put("C1", new Slot(CONDITION, surface(c1)));
        if (c2 != null) {
            slots.put("C2", new Slot(CONDITION, surface(c2)));
        }
        sentence(out, pick(c2 == null ? INTRO_ONE : INTRO_TWO), slots, vars);

        // medications: one event for the main condition, sometimes a second list of home medications
        List<Medication> meds = ClinicalLexicon.MEDICATIONS.stream().filter(m -> allowed.test(m.heldOut())).toList();
        List<Medication> forC1 = meds.stream().filter(m -> treats(m, c1.name())).toList();
        if (forceHeldOut && !c1.heldOut()) {
            List<Medication> heldFor = forC1.stream().filter(Medication::heldOut).toList();
            forC1 = heldFor.isEmpty() ? forC1 : heldFor;
        }
        String summaryMed = null;
        List<Runnable> parts = new ArrayList<>();
        if (!forC1.isEmpty() && random.nextDouble() < 0.9) {
            Medication m = pick(forC1);
            MedAction action = pick(List.of(MedAction.START, MedAction.START, MedAction.CONTINUE,
                    MedAction.INCREASE, MedAction.STOP));
            summaryMed = switch (action) {
                case START -> "started on " + m.name();
                case CONTINUE, HOME -> "on " + m.name();
                case INCREASE -> m.name() + " dose increased";
                case STOP -> m.name() + " stopped";
            };
            Map<String, Slot> s = new HashMap<>();
            s.put("M1", new Slot(MEDICATION, m.name()));
            s.put("D1", new Slot(DOSAGE, dosage(m)));
            s.put("C", new Slot(CONDITION, surface(c1)));
            List<String> templates = switch (action) {
                case START -> MED_START;
                case CONTINUE, HOME -> MED_CONTINUE;
                case INCREASE -> MED_INCREASE;
                case STOP -> MED_STOP;
            };
            String template = pick(templates);
            parts.add(() -> sentence(out, template, s, vars));
        }
        if (random.nextDouble() < 0.35) {
            Medication a = pick(meds);
            Medication b = pick(meds);
            if (!a.name().equals(b.name())) {
                Map<String, Slot> s = new HashMap<>();
                s.put("M1", new Slot(MEDICATION, a.name()));
                s.put("D1", new Slot(DOSAGE, dosage(a)));
                s.put("M2", new Slot(MEDICATION, b.name()));
                s.put("D2", new Slot(DOSAGE, dosage(b)));
                String template = pick(MED_HOME);
                parts.add(() -> sentence(out, template, s, vars));
            }
        }
        // procedures: one that fits the main condition, sometimes a past one
        List<Procedure> fitting = new ArrayList<>();
        for (String p : c1.procedures()) {
            Procedure proc = ClinicalLexicon.procedure(p);
            if (allowed.test(proc.heldOut())) {
                fitting.add(proc);
            }
        }
        String summaryProc = null;
        if (!fitting.isEmpty() && random.nextDouble() < 0.75) {
            Procedure p = pick(fitting);
            ProcStatus status = random.nextBoolean() ? ProcStatus.DONE : ProcStatus.PLANNED;
            summaryProc = p.name() + (status == ProcStatus.DONE ? " done" : " planned");
            Map<String, Slot> s = Map.of("P", new Slot(PROCEDURE, surface(p)));
            Map<String, String> v = new HashMap<>(vars);
            v.put("finding", p.finding());
            String template = pick(status == ProcStatus.DONE ? PROC_DONE : PROC_PLANNED);
            parts.add(() -> sentence(out, template, s, v));
        }
        List<Procedure> procs = ClinicalLexicon.PROCEDURES.stream().filter(p -> allowed.test(p.heldOut())).toList();
        if (forceHeldOut && random.nextDouble() < 0.5) {
            procs = procs.stream().filter(Procedure::heldOut).toList();
        }
        if (random.nextDouble() < (forceHeldOut ? 0.5 : 0.2)) {
            Map<String, Slot> s = Map.of("P", new Slot(PROCEDURE, surface(pick(procs))));
            String template = pick(PROC_HISTORY);
            parts.add(() -> sentence(out, template, s, vars));
        }
        int plain = random.nextInt(3);
        for (int i = 0; i < plain; i++) {
            String template = pick(PLAIN);
            parts.add(() -> sentence(out, template, Map.of(), vars));
        }
        java.util.Collections.shuffle(parts, random);
        for (Runnable part : parts) {
            out.plain(" ");
            part.run();
        }
        StringBuilder summary = new StringBuilder();
        summary.append(vars.get("age")).append("-year-old ").append(female ? "woman" : "man").append(" with ")
                .append(c1.name());
        if (c2 != null) {
            summary.append(" and ").append(c2.name());
        }
        if (summaryMed != null) {
            summary.append("; ").append(summaryMed);
        }
        if (summaryProc != null) {
            summary.append("; ").append(summaryProc);
        }
        return new ClinicalNote(out.text(), out.spans(), summary.append('.').toString());
    }

    private ClinicalNote noteWithoutEntities() {
        AnnotatedText out = new AnnotatedText();
        int n = 2 + random.nextInt(3);
        Map<String, String> vars = Map.of("n", Integer.toString(1 + random.nextInt(8)));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.plain(" ");
            }
            sentence(out, pick(PLAIN), Map.of(), vars);
        }
        return new ClinicalNote(out.text(), out.spans(), "Routine visit without new findings.");
    }

    private record Slot(String type, String surface) {
    }

    /** Renders a template: {X} names a slot (an entity) or a plain variable; a slot opening a sentence is capitalised. */
    private static void sentence(AnnotatedText out, String template, Map<String, Slot> slots,
            Map<String, String> vars) {
        int sentenceStart = out.length();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.plain(template.substring(i));
                break;
            }
            out.plain(template.substring(i, open));
            int close = template.indexOf('}', open);
            String key = template.substring(open + 1, close);
            Slot slot = slots.get(key);
            boolean atStart = out.length() == sentenceStart;
            if (slot != null) {
                out.entity(slot.type(), atStart ? capitalise(slot.surface()) : slot.surface());
            } else {
                String v = vars.get(key);
                if (v == null) {
                    throw new IllegalStateException("template '" + template + "' needs '" + key + "'");
                }
                out.plain(atStart ? capitalise(v) : v);
            }
            i = close + 1;
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean treats(Medication m, String condition) {
        return m.indication().equals(condition) || m.alsoTreats().contains(condition);
    }

    private String surface(Condition c) {
        if (c.aliases().isEmpty() || random.nextDouble() < 0.6) {
            return c.name();
        }
        return pick(c.aliases());
    }

    private String surface(Procedure p) {
        if (p.aliases().isEmpty() || random.nextDouble() < 0.65) {
            return p.name();
        }
        return pick(p.aliases());
    }

    private String dosage(Medication m) {
        String dose = pick(m.doses());
        if (dose.matches("\\d+ mg") && random.nextDouble() < 0.15) {
            dose = dose.replace(" mg", "mg");
        }
        if (random.nextDouble() < 0.85) {
            List<Frequency> freqs = ClinicalLexicon.FREQUENCIES.stream().filter(f -> allowHeldOut || !f.heldOut())
                    .toList();
            dose = dose + " " + pick(freqs).text();
        }
        return dose;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
