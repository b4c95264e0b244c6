package io.lorasweep.assets;

import java.util.List;

/**
 * The vocabulary of the generated clinical notes: medications (with their class, what they treat and doses as
 * they are prescribed), conditions (with the organ they affect and the procedures that go with them), procedures and
 * dose frequencies. Entries marked {@code heldOut} appear only in the NER test split, so the test holds surface
 * forms the training split never shows. The facts here are textbook facts, kept simple.
 */
public final class ClinicalLexicon {

    /** A medication: generic name, class (singular, with article-free wording), main indication, also-treats. */
    public record Medication(String name, String drugClass, String indication, List<String> alsoTreats,
            List<String> doses, boolean heldOut) {
    }

    /** A condition: canonical name, other surface forms used in notes, organ affected, fitting procedures. */
    public record Condition(String name, List<String> aliases, String organ, List<String> procedures,
            boolean heldOut) {
    }

    public record Procedure(String name, List<String> aliases, String finding, boolean heldOut) {
    }

    public record Frequency(String text, boolean heldOut) {
    }

    private ClinicalLexicon() {
    }

    public static final List<Medication> MEDICATIONS = List.of(
            med("metformin", "biguanide", "type 2 diabetes", List.of(), List.of("500 mg", "850 mg", "1000 mg")),
            med("lisinopril", "ACE inhibitor", "hypertension", List.of("heart failure", "chronic kidney disease"),
                    List.of("10 mg", "20 mg", "40 mg")),
            med("amlodipine", "calcium channel blocker", "hypertension", List.of(), List.of("5 mg", "10 mg")),
            med("atorvastatin", "statin", "hyperlipidemia", List.of("coronary artery disease"),
                    List.of("20 mg", "40 mg", "80 mg")),
            med("simvastatin", "statin", "hyperlipidemia", List.of("coronary artery disease"),
                    List.of("20 mg", "40 mg")),
            med("metoprolol", "beta blocker", "atrial fibrillation",
                    List.of("hypertension", "heart failure", "coronary artery disease"), List.of("25 mg", "50 mg")),
            med("warfarin", "vitamin K antagonist", "atrial fibrillation",
                    List.of("deep vein thrombosis", "pulmonary embolism"), List.of("2 mg", "5 mg")),
            med("apixaban", "direct oral anticoagulant", "deep vein thrombosis",
                    List.of("atrial fibrillation", "pulmonary embolism"), List.of("2.5 mg", "5 mg")),
            med("aspirin", "antiplatelet agent", "coronary artery disease", List.of(), List.of("81 mg", "325 mg")),
            med("clopidogrel", "P2Y12 inhibitor", "coronary artery disease", List.of(), List.of("75 mg")),
            med("furosemide", "loop diuretic", "heart failure", List.of("chronic kidney disease"),
                    List.of("20 mg", "40 mg", "80 mg")),
            med("levothyroxine", "thyroid hormone", "hypothyroidism", List.of(),
                    List.of("50 mcg", "75 mcg", "100 mcg")),
            med("omeprazole", "proton pump inhibitor", "gastroesophageal reflux disease", List.of(),
                    List.of("20 mg", "40 mg")),
            med("pantoprazole", "proton pump inhibitor", "gastroesophageal reflux disease", List.of(),
                    List.of("40 mg")),
            med("albuterol", "short-acting bronchodilator", "asthma", List.of("COPD"),
                    List.of("2 puffs", "2.5 mg nebulized")),
            med("fluticasone", "inhaled corticosteroid", "asthma", List.of("COPD"),
                    List.of("1 puff", "2 puffs", "110 mcg")),
            med("amoxicillin", "penicillin antibiotic", "pneumonia", List.of(), List.of("500 mg", "875 mg")),
            med("azithromycin", "macrolide antibiotic", "pneumonia", List.of(), List.of("250 mg", "500 mg")),
            med("ceftriaxone", "cephalosporin antibiotic", "pneumonia", List.of("sepsis"), List.of("1 g IV", "2 g IV")),
            med("nitrofurantoin", "urinary antibacterial", "urinary tract infection", List.of(), List.of("100 mg")),
            med("insulin glargine", "long-acting insulin", "type 1 diabetes", List.of("type 2 diabetes"),
                    List.of("10 units", "20 units", "30 units")),
            med("prednisone", "oral corticosteroid", "COPD", List.of("asthma"), List.of("20 mg", "40 mg")),
            med("sertraline", "selective serotonin reuptake inhibitor", "depression", List.of(),
                    List.of("50 mg", "100 mg")),
            med("gabapentin", "gabapentinoid", "peripheral neuropathy", List.of("epilepsy"),
                    List.of("100 mg", "300 mg")),
            med("levetiracetam", "antiepileptic drug", "epilepsy", List.of(), List.of("500 mg", "750 mg")),
            med("acetaminophen", "non-opioid analgesic", "osteoarthritis", List.of("fever"),
                    List.of("500 mg", "650 mg", "1 g")),
            med("allopurinol", "xanthine oxidase inhibitor", "gout", List.of(), List.of("100 mg", "300 mg")),
            med("heparin", "parenteral anticoagulant", "pulmonary embolism", List.of("deep vein thrombosis"),
                    List.of("5000 units subcutaneously")),
            med("ferrous sulfate", "iron supplement", "iron deficiency anemia", List.of(), List.of("325 mg")),
            held("losartan", "angiotensin receptor blocker", "hypertension", List.of("chronic kidney disease"),
                    List.of("50 mg", "100 mg")),
            held("rosuvastatin", "statin", "hyperlipidemia", List.of("coronary artery disease"),
                    List.of("10 mg", "20 mg")),
            held("escitalopram", "selective serotonin reuptake inhibitor", "depression", List.of(),
                    List.of("10 mg", "20 mg")),
            held("doxycycline", "tetracycline antibiotic", "cellulitis", List.of("pneumonia"), List.of("100 mg")),
            held("spironolactone", "potassium-sparing diuretic", "heart failure", List.of(),
                    List.of("25 mg", "50 mg")),
            held("tamsulosin", "alpha blocker", "benign prostatic hyperplasia", List.of(), List.of("0.4 mg")),
            held("sumatriptan", "triptan", "migraine", List.of(), List.of("50 mg", "100 mg")),
            held("empagliflozin", "SGLT2 inhibitor", "type 2 diabetes", List.of("heart failure"),
                    List.of("10 mg", "25 mg")));

    public static final List<Condition> CONDITIONS = List.of(
            cond("type 2 diabetes", List.of("type 2 diabetes mellitus", "T2DM"), "pancreas",
                    List.of("hemoglobin A1c test")),
            cond("type 1 diabetes", List.of("type 1 diabetes mellitus"), "pancreas", List.of("hemoglobin A1c test")),
            cond("hypertension", List.of("high blood pressure", "HTN"), "heart", List.of("electrocardiogram")),
            cond("hyperlipidemia", List.of("high cholesterol"), "blood vessels", List.of("lipid panel")),
            cond("atrial fibrillation", List.of("AFib"), "heart", List.of("electrocardiogram", "echocardiogram")),
            cond("coronary artery disease", List.of("CAD"), "heart",
                    List.of("cardiac catheterization", "coronary artery bypass grafting", "stress test")),
            cond("heart failure", List.of("congestive heart failure", "CHF"), "heart",
                    List.of("echocardiogram", "chest X-ray")),
            cond("deep vein thrombosis", List.of("DVT"), "veins", List.of("venous duplex ultrasound")),
            cond("pulmonary embolism", List.of("PE"), "lungs", List.of("CT pulmonary angiogram")),
            cond("hypothyroidism", List.of("underactive thyroid"), "thyroid gland", List.of("thyroid function tests")),
            cond("gastroesophageal reflux disease", List.of("GERD", "acid reflux"), "esophagus",
                    List.of("upper endoscopy")),
            cond("asthma", List.of(), "lungs", List.of("pulmonary function tests")),
            cond("COPD", List.of("chronic obstructive pulmonary disease"), "lungs",
                    List.of("pulmonary function tests", "chest X-ray")),
            cond("pneumonia", List.of("community-acquired pneumonia"), "lungs", List.of("chest X-ray", "bronchoscopy")),
            cond("urinary tract infection", List.of("UTI"), "bladder", List.of("urinalysis")),
            cond("depression", List.of("major depressive disorder"), "brain", List.of()),
            cond("epilepsy", List.of("seizure disorder"), "brain", List.of("electroencephalogram", "MRI of the brain")),
            cond("osteoarthritis", List.of("degenerative joint disease"), "joints",
                    List.of("total knee arthroplasty", "hip replacement")),
            cond("gout", List.of(), "joints", List.of("joint aspiration")),
            cond("peripheral neuropathy", List.of("diabetic neuropathy"), "nerves", List.of("nerve conduction study")),
            cond("chronic kidney disease", List.of("CKD"), "kidneys", List.of("hemodialysis", "renal ultrasound")),
            cond("iron deficiency anemia", List.of("anemia"), "blood", List.of("colonoscopy", "blood transfusion")),
            cond("acute appendicitis", List.of("appendicitis"), "appendix",
                    List.of("appendectomy", "CT scan of the abdomen")),
            cond("cholecystitis", List.of("gallbladder inflammation"), "gallbladder",
                    List.of("laparoscopic cholecystectomy", "abdominal ultrasound")),
            cond("sepsis", List.of(), "blood", List.of("blood cultures", "central line placement")),
            cond("chest pain", List.of(), "chest", List.of("electrocardiogram", "stress test")),
            cond("shortness of breath", List.of("dyspnea"), "lungs", List.of("chest X-ray")),
            cond("fever", List.of(), "body", List.of("blood cultures")),
            heldCond("cellulitis", List.of("skin infection"), "skin", List.of("skin biopsy")),
            heldCond("benign prostatic hyperplasia", List.of("BPH", "enlarged prostate"), "prostate",
                    List.of("cystoscopy")),
            heldCond("migraine", List.of("migraine headaches"), "brain", List.of("MRI of the brain")),
            heldCond("rheumatoid arthritis", List.of("RA"), "joints", List.of("joint aspiration")),
            heldCond("acute pancreatitis", List.of("pancreatitis"), "pancreas", List.of("CT scan of the abdomen")),
            heldCond("diverticulitis", List.of(), "colon", List.of("CT scan of the abdomen", "colonoscopy")));

    public static final List<Procedure> PROCEDURES = List.of(
            proc("colonoscopy", List.of(), "a small polyp that was removed"),
            proc("upper endoscopy", List.of("EGD"), "mild esophagitis"),
            proc("chest X-ray", List.of("chest radiograph", "CXR"), "no acute findings"),
            proc("CT scan of the abdomen", List.of("abdominal CT"), "localized inflammation"),
            proc("echocardiogram", List.of("echo"), "an ejection fraction of 40 percent"),
            proc("electrocardiogram", List.of("ECG", "EKG"), "sinus rhythm"),
            proc("cardiac catheterization", List.of("heart catheterization"), "a blocked coronary artery"),
            proc("coronary artery bypass grafting", List.of("CABG"), "good graft flow"),
            proc("stress test", List.of("exercise stress test"), "no inducible ischemia"),
            proc("appendectomy", List.of("laparoscopic appendectomy"), "an inflamed appendix"),
            proc("laparoscopic cholecystectomy", List.of("cholecystectomy"), "gallstones"),
            proc("total knee arthroplasty", List.of("knee replacement"), "good alignment"),
            proc("hip replacement", List.of("total hip arthroplasty"), "good alignment"),
            proc("hemodialysis", List.of("dialysis"), "adequate clearance"),
            proc("MRI of the brain", List.of("brain MRI"), "no acute abnormality"),
            proc("lumbar puncture", List.of("spinal tap"), "clear fluid"),
            proc("bronchoscopy", List.of(), "thick secretions"),
            proc("central line placement", List.of(), "correct tip position"),
            proc("blood transfusion", List.of(), "an appropriate rise in hemoglobin"),
            proc("pulmonary function tests", List.of("PFTs"), "airflow obstruction"),
            proc("hemoglobin A1c test", List.of("HbA1c test"), "an elevated value"),
            proc("lipid panel", List.of(), "elevated LDL cholesterol"),
            proc("venous duplex ultrasound", List.of("duplex ultrasound"), "a clot in the calf veins"),
            proc("CT pulmonary angiogram", List.of("CTPA"), "a clot in the pulmonary arteries"),
            proc("thyroid function tests", List.of(), "an elevated TSH"),
            proc("urinalysis", List.of(), "white blood cells in the urine"),
            proc("electroencephalogram", List.of("EEG"), "epileptiform discharges"),
            proc("joint aspiration", List.of("arthrocentesis"), "crystals in the joint fluid"),
            proc("nerve conduction study", List.of(), "reduced conduction velocity"),
            proc("renal ultrasound", List.of("kidney ultrasound"), "small kidneys"),
            proc("abdominal ultrasound", List.of(), "a thickened gallbladder wall"),
            proc("blood cultures", List.of(), "no growth so far"),
            heldProc("cystoscopy", List.of(), "an enlarged prostate"),
            heldProc("skin biopsy", List.of(), "superficial inflammation"),
            heldProc("thyroidectomy", List.of(), "a benign nodule"),
            heldProc("inguinal hernia repair", List.of("hernia repair"), "a small defect"),
            heldProc("carotid ultrasound", List.of(), "mild plaque"));

    public static final List<Frequency> FREQUENCIES = List.of(
            new Frequency("daily", false), new Frequency("once daily", false), new Frequency("twice daily", false),
            new Frequency("three times daily", false), new Frequency("at bedtime", false),
            new Frequency("every 6 hours", false), new Frequency("every 8 hours", false),
            new Frequency("every 4 hours as needed", false), new Frequency("every morning", false),
            new Frequency("BID", false), new Frequency("TID", false), new Frequency("as needed", false),
            new Frequency("every other day", true), new Frequency("every 12 hours", true),
            new Frequency("four times daily", true), new Frequency("QHS", true));

    /** Every surface of a held-out entry (names, aliases, frequencies): text that only the NER test split may hold. */
    public static List<String> heldOutSurfaces() {
        List<String> out = new java.util.ArrayList<>();
        MEDICATIONS.stream().filter(Medication::heldOut).forEach(m -> out.add(m.name()));
        CONDITIONS.stream().filter(Condition::heldOut).forEach(c -> {
            out.add(c.name());
            out.addAll(c.aliases());
        });
        PROCEDURES.stream().filter(Procedure::heldOut).forEach(p -> {
            out.add(p.name());
            out.addAll(p.aliases());
        });
        FREQUENCIES.stream().filter(Frequency::heldOut).forEach(f -> out.add(f.text()));
        return out;
    }

    public static Condition condition(String name) {
        return CONDITIONS.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no condition '" + name + "'"));
    }

    public static Procedure procedure(String name) {
        return PROCEDURES.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no procedure '" + name + "'"));
    }

    private static Medication med(String name, String cls, String ind, List<String> also, List<String> doses) {
        return new Medication(name, cls, ind, also, doses, false);
    }

    private static Medication held(String name, String cls, String ind, List<String> also, List<String> doses) {
        return new Medication(name, cls, ind, also, doses, true);
    }

    private static Condition cond(String name, List<String> aliases, String organ, List<String> procs) {
        return new Condition(name, aliases, organ, procs, false);
    }

    private static Condition heldCond(String name, List<String> aliases, String organ, List<String> procs) {
        return new Condition(name, aliases, organ, procs, true);
    }

    private static Procedure proc(String name, List<String> aliases, String finding) {
        return new Procedure(name, aliases, finding, false);
    }

    private static Procedure heldProc(String name, List<String> aliases, String finding) {
        return new Procedure(name, aliases, finding, true);
    }
}
