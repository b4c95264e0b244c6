package io.lorasweep.assets;

import io.lorasweep.eval.tasks.ner.NerExample;
import io.lorasweep.eval.tasks.ner.NerPrompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Entity-extraction documents for pretraining, in the NER task's own layout ({@link NerPrompt}: a header naming the
 * types, then {@code Text:} / {@code Entities:} blocks) but over other domains and other entity types: news, travel,
 * cooking, sports, shopping, finance, music, plant care, car servicing and software, and (for the last phase of
 * pretraining) veterinary care. A document is a few-shot page: one header, then one to six annotated texts, each
 * answered with its entities of the header's types in text order (or {@code none}). The header names a random
 * subset of the domain's types and the texts also mention entities of the other types, left unanswered, so the
 * model must read the header, not only the domain.
 *
 * <p>Two things make the pages teach in-context extraction rather than lists to memorise: most entity surfaces have
 * their words replaced by coined ones ("Velmora Drent", "a drixon error"), which no page repeats, so an answer can
 * only be copied from its text; and pages with three or more texts often rename their types with labels drawn
 * afresh ("Extract entities of types: TAG, KIND, ZORBEL."), so which label goes with which kind of span can only be
 * read from the examples above, as a 5-shot prompt of new classes asks.
 *
 * <p>This is where the shipped base model learns to follow a few examples of an extraction format. The clinical
 * lexicon never appears here; the veterinary domain shares the task's type names (MEDICATION, DOSAGE, CONDITION,
 * PROCEDURE) over animals' drugs, doses and diseases, as the web a real base model reads holds annotated text of
 * neighbouring domains. So the model knows what the four labels name and where such spans end, while human notes,
 * their lexicon and their conventions still need the examples of a prompt (5-shot) or fine-tuning. Other domains
 * carry structures like the clinical ones too (an amount with its unit and a schedule, a multi-word service).
 */
public final class ExtractionCorpus {

    /** One domain: its entity types, how to draw a surface of each, sentences with slots, sentences without. */
    record Domain(String name, List<String> types, Map<String, Function<Random, String>> surfaces,
            List<String> templates, List<String> fillers) {
    }

    private static final List<String> FIRST = List.of("Anna", "Ben", "Clara", "Daniel", "Elena", "Felix", "Grace",
            "Hugo", "Irene", "Jonas", "Karin", "Leo", "Mona", "Nils", "Oscar", "Paula", "Quinn", "Rosa", "Samuel",
            "Tara", "Umar", "Vera", "Walter", "Xenia", "Yusuf", "Zoe", "Aiko", "Bruno", "Chloe", "Diego", "Esther",
            "Farid", "Greta", "Hassan", "Ingrid", "Jamal", "Keiko", "Lars", "Marta", "Nadia");
    private static final List<String> LAST = List.of("Berg", "Castillo", "Dubois", "Eriksen", "Fischer", "Gomez",
            "Hansen", "Ibrahim", "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Olsen", "Petrov", "Quint",
            "Rivera", "Schmidt", "Tanaka", "Usman", "Vargas", "Weber", "Yilmaz", "Zimmer", "Bianchi", "Costa",
            "Dimitrov", "Evans", "Ferreira", "Gruber", "Holm", "Ito", "Jovanovic", "Keller", "Lindqvist", "Mendes");
    private static final List<String> CITIES = List.of("Lisbon", "Oslo", "Nairobi", "Toronto", "Osaka", "Lima",
            "Krakow", "Denver", "Marseille", "Auckland", "Bergen", "Cairo", "Dublin", "Hamburg", "Istanbul", "Jakarta",
            "Kyoto", "Lagos", "Manila", "Montreal", "Naples", "Porto", "Quito", "Seville", "Tallinn", "Utrecht",
            "Valencia", "Warsaw", "Zurich", "Bogota", "Chicago", "Edinburgh", "Geneva", "Helsinki", "Seattle",
            "San Diego", "Buenos Aires", "Cape Town", "Hong Kong", "New Orleans", "Rio de Janeiro", "Tel Aviv");
    private static final List<String> COUNTRIES = List.of("Portugal", "Norway", "Kenya", "Canada", "Japan", "Peru",
            "Poland", "France", "New Zealand", "Egypt", "Ireland", "Germany", "Turkey", "Indonesia", "Nigeria",
            "the Philippines", "Italy", "Ecuador", "Spain", "Estonia", "the Netherlands", "Switzerland", "Colombia",
            "Scotland", "Finland", "Argentina", "South Africa", "Chile", "Vietnam", "Morocco");
    private static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December");
    private static final List<String> ORG_HEADS = List.of("Northwind", "Blue River", "Apex", "Silverline", "Redwood",
            "Harbor", "Summit", "Golden Gate", "Evergreen", "Ironbridge", "Lakeside", "Brightstone", "Crescent",
            "Falcon", "Granite", "Horizon", "Juniper", "Keystone", "Maple", "Orion", "Pioneer", "Quartz", "Riverbend",
            "Sterling", "Trident", "Vantage", "Westfield", "Zenith");
    private static final List<String> ORG_TAILS = List.of("Systems", "Group", "Labs", "Bank", "Motors", "Foods",
            "Energy", "Media", "Logistics", "Partners", "Industries", "Airlines", "Insurance", "Robotics", "Pharma",
            "Textiles", "Capital", "Networks");
    private static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday");
    private static final List<String> NUMBER_WORDS = List.of("two", "three", "four", "five", "six", "eight", "ten",
            "twelve");

    private static final List<Domain> DOMAINS = List.of(
            new Domain("news", List.of("PERSON", "ORGANIZATION", "CITY", "DATE"), Map.of(
                    "PERSON", ExtractionCorpus::person, "ORGANIZATION", ExtractionCorpus::organization,
                    "CITY", r -> pick(r, CITIES), "DATE", ExtractionCorpus::date), List.of(
                    "{PERSON} joined {ORGANIZATION} in {CITY} on {DATE}.",
                    "{ORGANIZATION} opened a new office in {CITY}.",
                    "On {DATE}, {PERSON} spoke to reporters in {CITY}.",
                    "{PERSON}, a spokesperson for {ORGANIZATION}, confirmed the plan.",
                    "The mayor of {CITY}, {PERSON}, met leaders of {ORGANIZATION} on {DATE}.",
                    "{ORGANIZATION} will move its headquarters from {CITY} to {CITY2}.",
                    "{PERSON} and {PERSON2} announced the merger on {DATE}.",
                    "Talks between {ORGANIZATION} and {ORGANIZATION2} ended on {DATE}."),
                    List.of("The statement was brief.", "Shares rose slightly after the news.",
                            "More details are expected next week.", "Officials declined to comment further.",
                            "The decision surprised many observers.")),
            new Domain("travel", List.of("CITY", "COUNTRY", "AIRLINE", "DURATION"), Map.of(
                    "CITY", r -> pick(r, CITIES), "COUNTRY", r -> pick(r, COUNTRIES),
                    "AIRLINE", r -> pick(r, ORG_HEADS) + " Air", "DURATION", ExtractionCorpus::duration), List.of(
                    "We flew {AIRLINE} from {CITY} to {CITY2}.",
                    "The flight to {COUNTRY} took {DURATION}.",
                    "After {DURATION} in {CITY}, we took the train to {CITY2}.",
                    "{AIRLINE} cancelled our connection in {CITY}.",
                    "Our trip through {COUNTRY} lasted {DURATION}.",
                    "{CITY} is the second largest city of {COUNTRY}.",
                    "The layover in {CITY} was only {DURATION}."),
                    List.of("The hotel was close to the station.", "It rained most of the week.",
                            "We booked the tickets months ago.", "The food was wonderful.",
                            "Our luggage arrived a day late.")),
            new Domain("cooking", List.of("INGREDIENT", "QUANTITY", "TOOL", "DISH"), Map.of(
                    "INGREDIENT", r -> pick(r, List.of("flour", "butter", "brown sugar", "olive oil", "garlic",
                            "red onion", "basil", "sea salt", "black pepper", "heavy cream", "lemon juice", "rice",
                            "chickpeas", "tomato paste", "ginger", "coconut milk", "parmesan", "yeast", "honey",
                            "cinnamon", "soy sauce", "baking soda", "dark chocolate", "vanilla extract")),
                    "QUANTITY", ExtractionCorpus::recipeQuantity,
                    "TOOL", r -> pick(r, List.of("whisk", "cast iron pan", "food processor", "stand mixer",
                            "baking sheet", "wooden spoon", "blender", "dutch oven", "grater", "rolling pin")),
                    "DISH", r -> pick(r, List.of("lentil soup", "banana bread", "risotto", "pad thai",
                            "apple pie", "vegetable curry", "pancakes", "paella", "hummus", "focaccia",
                            "tomato sauce", "fried rice"))), List.of(
                    "Add {QUANTITY} of {INGREDIENT} to the {TOOL}.",
                    "For the {DISH}, you need {QUANTITY} of {INGREDIENT}.",
                    "Stir in {INGREDIENT} and {INGREDIENT2} with a {TOOL}.",
                    "Mix {QUANTITY} of {INGREDIENT} into the {DISH}.",
                    "Our {DISH} uses {INGREDIENT} instead of {INGREDIENT2}.",
                    "Heat {QUANTITY} of {INGREDIENT} in a {TOOL}.",
                    "Serve the {DISH} warm."),
                    List.of("Let it rest for a while.", "Taste and adjust the seasoning.",
                            "This recipe serves four.", "Preheat the oven first.", "Cover and simmer gently.")),
            new Domain("sports", List.of("TEAM", "PLAYER", "SCORE", "VENUE"), Map.of(
                    "TEAM", r -> pick(r, CITIES) + " " + pick(r, List.of("Rovers", "United", "Falcons", "Sharks",
                            "Tigers", "Wanderers", "Comets", "Giants")),
                    "PLAYER", ExtractionCorpus::person,
                    "SCORE", r -> r.nextInt(6) + "-" + r.nextInt(6),
                    "VENUE", r -> pick(r, ORG_HEADS) + " " + pick(r, List.of("Stadium", "Arena", "Park", "Field"))),
                    List.of(
                    "{TEAM} beat {TEAM2} {SCORE} at {VENUE}.",
                    "{PLAYER} scored twice as {TEAM} won {SCORE}.",
                    "The match at {VENUE} ended {SCORE}.",
                    "{PLAYER} signed with {TEAM} on a two-year deal.",
                    "{TEAM} lost {SCORE} to {TEAM2}.",
                    "Fans filled {VENUE} to watch {PLAYER}."),
                    List.of("The second half was tense.", "The coach praised the defence.",
                            "It was their third win in a row.", "Tickets sold out within hours.")),
            new Domain("shopping", List.of("PRODUCT", "BRAND", "PRICE", "STORE"), Map.of(
                    "PRODUCT", r -> pick(r, List.of("running shoes", "coffee grinder", "rain jacket", "laptop bag",
                            "desk lamp", "electric kettle", "wireless headphones", "backpack", "yoga mat",
                            "water bottle", "winter coat", "phone case")),
                    "BRAND", r -> pick(r, ORG_HEADS),
                    "PRICE", ExtractionCorpus::price,
                    "STORE", r -> pick(r, List.of("Corner Market", "City Outlet", "Main Street Goods", "Home Depot",
                            "the mall", "Value Mart", "Urban Supply"))), List.of(
                    "I bought a {BRAND} {PRODUCT} for {PRICE} at {STORE}.",
                    "The {PRODUCT} from {BRAND} costs {PRICE}.",
                    "{STORE} sells the {PRODUCT} for {PRICE}.",
                    "My new {PRODUCT} is made by {BRAND}.",
                    "{STORE} has {BRAND} {PRODUCT} on sale for {PRICE}."),
                    List.of("Shipping was free.", "The color is lighter than in the photos.",
                            "I would buy it again.", "Returns are accepted within a month.")),
            new Domain("finance", List.of("COMPANY", "AMOUNT", "PERSON", "POSITION"), Map.of(
                    "COMPANY", ExtractionCorpus::organization, "AMOUNT", ExtractionCorpus::amount,
                    "PERSON", ExtractionCorpus::person,
                    "POSITION", r -> pick(r, List.of("chief executive", "chief financial officer", "chair",
                            "head of sales", "general counsel", "treasurer", "board member"))), List.of(
                    "{COMPANY} reported revenue of {AMOUNT}.",
                    "{PERSON} was named {POSITION} of {COMPANY}.",
                    "{COMPANY} raised {AMOUNT} from investors.",
                    "As {POSITION}, {PERSON} approved a budget of {AMOUNT}.",
                    "{COMPANY} agreed to buy {COMPANY2} for {AMOUNT}.",
                    "{PERSON} stepped down as {POSITION}."),
                    List.of("Analysts expected less.", "The results beat forecasts.",
                            "The deal still needs approval.", "Costs rose in the last quarter.")),
            new Domain("music", List.of("ARTIST", "INSTRUMENT", "GENRE", "EVENT"), Map.of(
                    "ARTIST", ExtractionCorpus::person,
                    "INSTRUMENT", r -> pick(r, List.of("cello", "piano", "bass guitar", "violin", "drums",
                            "trumpet", "saxophone", "harp", "flute", "accordion")),
                    "GENRE", r -> pick(r, List.of("jazz", "folk", "hip hop", "classical", "blues", "reggae",
                            "electronic", "bossa nova", "heavy metal")),
                    "EVENT", r -> pick(r, CITIES) + " " + pick(r, List.of("Jazz Festival", "Music Week",
                            "Summer Festival", "Folk Nights"))), List.of(
                    "{ARTIST} played {INSTRUMENT} at the {EVENT}.",
                    "The {EVENT} features {GENRE} and {GENRE2} this year.",
                    "{ARTIST} is known for {GENRE} on the {INSTRUMENT}.",
                    "{ARTIST} and {ARTIST2} closed the {EVENT}.",
                    "Her first album mixed {GENRE} with {INSTRUMENT}."),
                    List.of("The crowd asked for an encore.", "The sound was excellent.",
                            "The concert started late.", "It was a quiet evening.")),
            new Domain("plant care", List.of("PLANT", "PRODUCT", "AMOUNT", "PEST", "TASK"), Map.of(
                    "PLANT", r -> pick(r, List.of("tomato plants", "basil", "roses", "the lemon tree", "orchids",
                            "the fig tree", "lavender", "strawberries", "the olive tree", "ferns", "succulents")),
                    "PRODUCT", r -> pick(r, List.of("liquid fertilizer", "neem oil", "compost tea", "bone meal",
                            "seaweed extract", "insecticidal soap", "slow-release pellets")),
                    "AMOUNT", ExtractionCorpus::gardenAmount,
                    "PEST", r -> pick(r, List.of("aphids", "spider mites", "slugs", "whiteflies", "powdery mildew",
                            "leaf spot", "scale insects")),
                    "TASK", r -> pick(r, List.of("pruning", "repotting", "soil test", "mulching", "deadheading",
                            "root inspection", "grafting"))), List.of(
                    "Give the {PLANT} {AMOUNT} of {PRODUCT}.",
                    "Spray {PRODUCT} {AMOUNT} against {PEST}.",
                    "The {PLANT} showed signs of {PEST}.",
                    "Started {PRODUCT} {AMOUNT} for the {PLANT}.",
                    "A {TASK} of the {PLANT} is planned for spring.",
                    "{TASK} showed that the {PLANT} had {PEST}.",
                    "Stopped {PRODUCT} because the leaves yellowed."),
                    List.of("Keep the soil moist.", "Move the pots into the shade.", "Check again next week.",
                            "The new leaves look healthy.")),
            new Domain("car service", List.of("VEHICLE", "PART", "SERVICE", "MILEAGE"), Map.of(
                    "VEHICLE", r -> pick(r, ORG_HEADS) + " " + pick(r, List.of("hatchback", "pickup", "sedan",
                            "van", "wagon")),
                    "PART", r -> pick(r, List.of("brake pads", "timing belt", "air filter", "spark plugs",
                            "alternator", "water pump", "front tires", "battery", "clutch")),
                    "SERVICE", r -> pick(r, List.of("oil change", "wheel alignment", "brake inspection",
                            "emissions test", "transmission flush", "tire rotation", "engine diagnostic")),
                    "MILEAGE", r -> (10 + r.nextInt(190)) + ",000 " + pick(r, List.of("miles", "km"))), List.of(
                    "The {VEHICLE} came in for an {SERVICE} at {MILEAGE}.",
                    "We replaced the {PART} on the {VEHICLE}.",
                    "A {SERVICE} showed worn {PART}.",
                    "Scheduled a {SERVICE} for the {VEHICLE} next week.",
                    "The {PART} should be replaced every {MILEAGE}.",
                    "The {VEHICLE} needs new {PART} and a {SERVICE}."),
                    List.of("The customer waited in the lobby.", "No other issues were found.",
                            "The estimate was approved.", "The car was washed before pickup.")),
            new Domain("software", List.of("SOFTWARE", "VERSION", "PLATFORM", "ERROR"), Map.of(
                    "SOFTWARE", r -> pick(r, ORG_HEADS) + " " + pick(r, List.of("Editor", "Sync", "Browser", "Mail",
                            "Studio", "Notes")),
                    "VERSION", r -> "version " + (1 + r.nextInt(12)) + "." + r.nextInt(10),
                    "PLATFORM", r -> pick(r, List.of("Linux", "Windows 11", "macOS", "Android", "iOS",
                            "Chrome OS", "FreeBSD")),
                    "ERROR", r -> pick(r, List.of("a timeout error", "a memory leak", "a crash on startup",
                            "a permission error", "a disk full error", "a broken link", "a null pointer exception"))),
                    List.of(
                    "{SOFTWARE} {VERSION} fails on {PLATFORM} with {ERROR}.",
                    "After the update to {VERSION}, {SOFTWARE} shows {ERROR}.",
                    "{SOFTWARE} now runs on {PLATFORM} and {PLATFORM2}.",
                    "Users of {PLATFORM} reported {ERROR} in {SOFTWARE}.",
                    "{VERSION} of {SOFTWARE} fixes {ERROR}."),
                    List.of("A fix is being tested.", "Please attach the log file.", "The issue was closed.",
                            "We could not reproduce it.")));

    /**
     * Veterinary notes: the neighbouring domain whose types share the task's names, for the last phase of
     * pretraining ({@link AssetBuilder}).
     */
    private static final Domain VETERINARY = new Domain("veterinary",
            List.of("ANIMAL", "MEDICATION", "DOSAGE", "CONDITION", "PROCEDURE"), Map.of(
                "ANIMAL", r -> pick(r, List.of("Labrador", "beagle", "tabby cat", "German shepherd",
                        "Siamese cat", "poodle", "rabbit", "ferret", "golden retriever", "Maine Coon",
                        "border collie", "pug")),
                "MEDICATION", r -> pick(r, List.of("carprofen", "meloxicam", "enrofloxacin", "cefpodoxime",
                        "maropitant", "oclacitinib", "prednisolone", "pimobendan", "methimazole", "fenbendazole",
                        "selamectin", "trazodone", "clavamox", "robenacoxib", "firocoxib", "praziquantel",
                        "ivermectin", "sucralfate")),
                "DOSAGE", ExtractionCorpus::veterinaryDose,
                "CONDITION", r -> pick(r, List.of("kennel cough", "parvovirus infection", "otitis externa",
                        "hip dysplasia", "atopic dermatitis", "periodontal disease", "mitral valve disease",
                        "flea allergy dermatitis", "intervertebral disc disease", "ringworm", "heartworm disease",
                        "cruciate ligament rupture", "hot spots", "ear mites")),
                "PROCEDURE", r -> pick(r, List.of("dental cleaning", "spay surgery", "neuter surgery",
                        "hip radiographs", "fecal flotation", "skin scraping", "ear cytology",
                        "cruciate ligament repair", "heartworm test", "senior blood panel", "microchip placement",
                        "nail trim", "vaccination booster", "cardiac ultrasound"))), List.of(
                "A {ANIMAL} presents with {CONDITION}.",
                "The {ANIMAL} was seen today for {CONDITION} and {CONDITION2}.",
                "Started {MEDICATION} {DOSAGE} for {CONDITION}.",
                "Prescribed {MEDICATION} {DOSAGE}.",
                "Continue {MEDICATION} {DOSAGE} and {MEDICATION2} {DOSAGE2}.",
                "{MEDICATION} was increased to {DOSAGE}.",
                "Stopped {MEDICATION} after vomiting.",
                "{PROCEDURE} showed mild changes.",
                "Scheduled for {PROCEDURE} next week.",
                "{PROCEDURE} was done without complications."),
                List.of("The owner reports good appetite.", "Weight is stable.", "Recheck in two weeks.",
                        "Vaccinations are up to date.", "Temperature is normal."));

    private final Random random;
    private final List<Domain> domains;

    /** Pages of the ten other domains. */
    public ExtractionCorpus(Random random) {
        this(random, DOMAINS);
    }

    private ExtractionCorpus(Random random, List<Domain> domains) {
        this.random = random;
        this.domains = domains;
    }

    /** Pages of veterinary notes, whose types share the clinical task's names. */
    static ExtractionCorpus veterinary(Random random) {
        return new ExtractionCorpus(random, List.of(VETERINARY));
    }

    /** The names of the domains, for the assets README. */
    public static List<String> domains() {
        return DOMAINS.stream().map(d -> d.name() + " (" + String.join(", ", d.types()) + ")").toList();
    }

    /** One few-shot extraction page: header, then 1 to 6 annotated texts with their answers. */
    public String nextDocument() {
        Domain domain = pick(random, domains);
        List<String> types = new ArrayList<>(domain.types());
        java.util.Collections.shuffle(types, random);
        List<String> asked = types.subList(0, 2 + random.nextInt(types.size() - 1));
        // the header lists the asked types in the domain's own order, as a task's label list would
        List<String> header = domain.types().stream().filter(asked::contains).toList();
        int blocks = 1 + random.nextInt(6);
        Map<String, String> labels = new LinkedHashMap<>();
        boolean rename = blocks >= 3 && random.nextDouble() < 0.4;
        List<String> pool = new ArrayList<>(RENAMES);
        java.util.Collections.shuffle(pool, random);
        for (int i = 0; i < header.size(); i++) {
            labels.put(header.get(i), !rename ? header.get(i)
                    : random.nextDouble() < 0.3 ? coin(random).toUpperCase(java.util.Locale.ROOT) : pool.get(i));
        }
        NerPrompt prompt = new NerPrompt(List.copyOf(labels.values()));
        List<NerExample> shots = new ArrayList<>();
        for (int i = 0; i < blocks - 1; i++) {
            shots.add(text(domain, labels));
        }
        NerExample last = text(domain, labels);
        return prompt.context(shots, last) + NerPrompt.answer(last).strip();
    }

    /** Labels a page may use instead of its domain's own type names. */
    private static final List<String> RENAMES = List.of("ITEM", "NAME", "THING", "KIND", "GROUP", "CLASS", "TAG",
            "LABEL", "FIELD", "SLOT", "ENTITY", "WORD", "CODE", "TERM", "MARK", "SPAN", "KEY", "TYPE", "VALUE",
            "SUBJECT", "OBJECT", "DETAIL", "ELEMENT", "TOPIC");
    private static final List<String> ONSETS = List.of("b", "d", "dr", "f", "g", "k", "kl", "l", "m", "n", "p", "pr",
            "r", "s", "st", "t", "tr", "v", "z", "br", "gr", "sh", "th", "x");
    private static final List<String> VOWELS = List.of("a", "e", "i", "o", "u", "ai", "eo", "ou", "y");
    private static final List<String> CODAS = List.of("", "", "", "n", "l", "r", "x", "s", "m", "th", "nd", "rk");

    /** A pronounceable word no lexicon holds, so that a model can only copy it from the text it is in. */
    static String coin(Random r) {
        StringBuilder w = new StringBuilder();
        int syllables = 2 + r.nextInt(2);
        for (int i = 0; i < syllables; i++) {
            w.append(pick(r, ONSETS)).append(pick(r, VOWELS)).append(i == syllables - 1 ? pick(r, CODAS) : "");
        }
        return w.toString();
    }

    /** Each word of four or more letters replaced, most of the time, by a coined word of the same case. */
    private String novel(String surface) {
        if (random.nextDouble() < 0.35) {
            return surface;
        }
        StringBuilder out = new StringBuilder();
        for (String word : surface.split(" ", -1)) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (word.length() >= 4 && word.chars().allMatch(Character::isLetter) && random.nextDouble() < 0.7) {
                String c = coin(random);
                out.append(Character.isUpperCase(word.charAt(0)) ? Character.toUpperCase(c.charAt(0))
                        + c.substring(1) : c);
            } else {
                out.append(word);
            }
        }
        return out.toString();
    }

    /** A text of the domain; entities of the types in {@code labels} are annotated under their page labels. */
    private NerExample text(Domain domain, Map<String, String> labels) {
        AnnotatedText out = new AnnotatedText();
        int sentences = random.nextDouble() < 0.08 ? 0 : 1 + random.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            parts.add(pick(random, domain.templates()));
        }
        int fillers = sentences == 0 ? 1 + random.nextInt(2) : random.nextInt(2);
        for (int i = 0; i < fillers; i++) {
            parts.add(random.nextInt(parts.size() + 1), pick(random, domain.fillers()));
        }
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.plain(" ");
            }
            sentence(out, parts.get(i), domain, labels);
        }
        return new NerExample("x", out.text(), out.spans());
    }

    private void sentence(AnnotatedText out, String template, Domain domain, Map<String, String> labels) {
        Map<String, String> drawn = new LinkedHashMap<>();
        int start = out.length();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.plain(template.substring(i));
                return;
            }
            out.plain(template.substring(i, open));
            int close = template.indexOf('}', open);
            String slot = template.substring(open + 1, close);
            String type = slot.replaceAll("\\d+$", "");
            String surface = drawn.get(slot);
            if (surface == null) {
                // a second slot of a type ({CITY2}) draws a surface different from the first
                for (int tries = 0; surface == null || (tries < 5 && drawn.containsValue(surface)); tries++) {
                    surface = novel(domain.surfaces().get(type).apply(random));
                }
                drawn.put(slot, surface);
            }
            if (out.length() == start) {
                surface = Character.toUpperCase(surface.charAt(0)) + surface.substring(1);
            }
            if (labels.containsKey(type)) {
                out.entity(labels.get(type), surface);
            } else {
                out.plain(surface);
            }
            i = close + 1;
        }
    }

    private static String person(Random r) {
        return pick(r, FIRST) + " " + pick(r, LAST);
    }

    private static String organization(Random r) {
        return pick(r, ORG_HEADS) + " " + pick(r, ORG_TAILS);
    }

    private static String date(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> pick(r, MONTHS) + " " + (1 + r.nextInt(28));
            case 1 -> (1 + r.nextInt(28)) + " " + pick(r, MONTHS) + " " + (1990 + r.nextInt(35));
            default -> pick(r, WEEKDAYS);
        };
    }

    private static String duration(Random r) {
        return r.nextBoolean() ? (1 + r.nextInt(14)) + " hours"
                : pick(r, NUMBER_WORDS) + " " + pick(r, List.of("days", "weeks", "nights"));
    }

    private static String recipeQuantity(Random r) {
        return pick(r, List.of("1", "2", "3", "half a", "1/2", "250", "100", "a pinch")) + " "
                + pick(r, List.of("cups", "grams", "tablespoons", "teaspoons", "ml", "ounces"));
    }

    private static String price(Random r) {
        return r.nextBoolean() ? "$" + (5 + r.nextInt(300)) + "." + (10 + r.nextInt(90))
                : (5 + r.nextInt(300)) + " " + pick(r, List.of("euros", "dollars", "pounds"));
    }

    private static String amount(Random r) {
        return r.nextBoolean() ? "$" + (1 + r.nextInt(900)) + " million"
                : (1 + r.nextInt(90)) + "." + r.nextInt(10) + " billion " + pick(r, List.of("dollars", "euros", "yen"));
    }

    /** A veterinary dose, often with its schedule, as clinical notes write them: "2 mg/kg twice daily". */
    private static String veterinaryDose(Random r) {
        String a = pick(r, List.of("10 mg", "25 mg", "50 mg", "62.5 mg", "75 mg", "100 mg", "250 mg", "0.1 mg/kg",
                "2 mg/kg", "5 mg/kg", "0.5 ml", "1.5 ml", "1 tablet", "half a tablet"));
        return r.nextDouble() < 0.7 ? a + " " + pick(r, List.of("daily", "once daily", "twice daily",
                "three times daily", "every 8 hours", "as needed", "every morning", "BID", "TID", "with food")) : a;
    }

    /** An amount with its unit and often a schedule, like a dose: "20 ml every week". */
    private static String gardenAmount(Random r) {
        String a = pick(r, List.of("5", "10", "20", "50", "100", "250")) + " "
                + pick(r, List.of("ml", "grams", "drops", "liters"));
        return r.nextDouble() < 0.8 ? a + " " + pick(r, List.of("every week", "once a month", "twice a week",
                "after rain", "every two weeks", "each spring")) : a;
    }

    private static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
