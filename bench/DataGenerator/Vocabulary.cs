namespace ArticlesApi.Bench.DataGenerator;

/// Words for generated bodies, most frequent first (Zipf-drawn), per language. Inflected forms are
/// mixed in so that stemming has something to do; the rare terms are what "rare term" scenarios search.
static class Vocabulary
{
    public static readonly string[] RareTerms = ["zanzibar", "quokka", "ossezia", "transnistria", "kaliningrad", "svalbard"];

    public static readonly Dictionary<string, string[]> Words = new()
    {
        ["it"] = Split("""
            il la di che e per un una in non del della governo ministro secondo ha dichiarato anche come più
            sono stato stati accordo trattato trattati negoziato negoziati tregua soldato soldati confine
            guerra pace sanzioni gas energia gasdotto porto nave navi guardia costiera migranti soccorso
            elezioni voto osservatori missione parlamento senato ratifica presidente vertice europa italia
            russia ucraina turchia grecia cipro libia egitto israele iran siria mediterraneo mar rosso nato
            intelligence servizi rapporto fonti agenzia ministero esteri difesa truppe esercito attacco droni
            missili difesa aerea città libertà perché però dopo prima oggi ieri domani settimana mese anno
            politica economia mercato prezzo petrolio petroliera flotta ombra carico sequestro tribunale
            giudice inchiesta indagine accusa smentita portavoce conferenza stampa comunicato dichiarazione
            alleati partner commissione consiglio bruxelles roma ginevra vienna mosca kyiv kiev ankara atene
            """),
        ["en"] = Split("""
            the of and to in a that for on is said was with as by it from at government minister according
            to claimed alleged agreement treaty treaties negotiations negotiating ceasefire soldier soldiers
            border war peace sanctions gas energy pipeline port ship ships coast guard migrants rescue
            elections vote observers mission parliament senate ratification president summit europe italy
            russia ukraine turkey greece cyprus libya egypt israel iran syria mediterranean red sea nato
            intelligence services report sources agency ministry foreign defence troops army attack drones
            missiles air defence city freedom because however after before today yesterday tomorrow week
            month year politics economy market price oil tanker fleet shadow cargo seizure court judge inquiry
            investigation accusation denial spokesman spokeswoman press conference statement allies partners
            commission council brussels rome geneva vienna moscow kyiv ankara athens
            """),
        ["fr"] = Split("""
            le la les de des et en un une pour que qui selon a déclaré gouvernement ministre accord traité
            traités négociations cessez-le-feu soldat soldats frontière guerre paix sanctions énergie gaz
            élections vote observateurs mission parlement président sommet europe russie ukraine
            """),
        ["de"] = Split("""
            der die das und zu den von mit ist nach laut regierung minister abkommen vertrag verträge
            verhandlungen waffenstillstand soldat soldaten grenze krieg frieden sanktionen energie gas
            wahlen beobachter mission parlament präsident gipfel europa russland ukraine
            """),
        ["es"] = Split("""
            el la los las de y en un una para que según ha declarado gobierno ministro acuerdo tratado
            tratados negociaciones alto el fuego soldado soldados frontera guerra paz sanciones energía gas
            elecciones voto observadores misión parlamento presidente cumbre europa rusia ucrania
            """),
    };

    static string[] Split(string text) => text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
}
