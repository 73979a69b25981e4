using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Media;

namespace ArticlesApi.Data.Seed;

/// The sample newsroom inserted on first run (Database:SeedSampleContent): an international-affairs desk.
static class SampleNewsroom
{
    /// The API key of an old wire importer, no longer needed: a stable id for the OpenAPI examples of GET and DELETE /keys/{id}.
    /// Its secret is generated and thrown away, so nobody can ever use it.
    public static readonly Guid RetiredImporterKeyId = new("01930000-0000-7000-8000-00000000a001");
    public static readonly Guid SiteRebuildWebhookId = new("01930000-0000-7000-8000-00000000b001");
    public static readonly Guid RetiredWebhookId = new("01930000-0000-7000-8000-00000000b002");
    public static readonly Guid FailedDeliveryId = new("01930000-0000-7000-8000-00000000b101");

    /// The sample newsroom's own site: an Italian-first international desk that also publishes in English.
    public static void Describe(Site site)
    {
        site.Name = "Oltre la linea";
        site.Description = "Esteri, difesa e diplomazia dal Mediterraneo all'Ucraina: chi dice cosa, e secondo chi. "
            + "Foreign affairs, defence and diplomacy, with every claim attributed to its source.";
        site.Url = "https://www.oltrelalinea.news";
        site.LogoUrl = "https://www.oltrelalinea.news/logo-600x60.png";
        site.Languages = ["it", "en"];
        site.ArticleUrlTemplate = "{siteUrl}/{language}/{yyyy}/{mm}/{slug}";
        site.NewsPublicationName = "Oltre la linea";
    }

    /// Adds every author, tag, source and article (with authors, tags and citations) to the context; does not save.
    /// `media`: the sample pictures (Features/Media/SampleMedia) as articles show them; every article has one as its feature
    /// image, two also inline (an article whose picture is missing gets none).
    public static void AddTo(ArticlesDb db, DateTime now, IReadOnlyDictionary<Guid, MediaImage> media)
    {
        now = AsUtc(now);
        var pictures = BodyContext.Default with { Media = media };
        FeatureImage? Picture(Guid id, string? alt = null, string? caption = null) => media.ContainsKey(id)
            ? ArticleWriter.FeatureImageOf(new FeatureImageInput { Media = id, Alt = alt, Caption = caption }, pictures)
            : null;
        var setUpAt = now.AddDays(-60);

        // ---- Authors -------------------------------------------------------------------------

        var ferraris = NewAuthor(
            "Giulia Ferraris", "Roma", "https://giuliaferraris.example", setUpAt,
            "Corrispondente diplomatica. Segue la politica estera italiana e i grandi negoziati internazionali dal 2009, "
            + "con lunghi periodi a Bruxelles e a Ginevra. In precedenza ha lavorato per un'agenzia di stampa a Beirut e al Cairo. "
            + "Scrive in italiano e in inglese.",
            Link("Mastodon", "https://mastodon.example/@gferraris"),
            Link("Bluesky", "https://bsky.example/profile/gferraris"));
        var deidda = NewAuthor(
            "Marco Deidda", "Bruxelles", "https://marcodeidda.example", setUpAt,
            "Si occupa di difesa, sicurezza e intelligence. Segue la NATO e le istituzioni europee da Bruxelles dal 2016, "
            + "dopo aver raccontato per anni le missioni militari italiane all'estero, dai Balcani al Sahel. "
            + "Nato a Cagliari, ha studiato relazioni internazionali a Bologna e a Londra.",
            Link("Mastodon", "https://mastodon.example/@mdeidda"),
            Link("LinkedIn", "https://www.linkedin.example/in/marco-deidda"));
        var whitcombe = NewAuthor(
            "Hannah Whitcombe", "Valletta", "https://hannahwhitcombe.example", setUpAt.AddDays(3),
            "Mediterranean correspondent based in Valletta, covering migration, energy and maritime security "
            + "from Malta, Sicily and the eastern Mediterranean. Before joining the desk she spent six years reporting "
            + "from Athens and Istanbul. She files in English and Italian.",
            Link("Mastodon", "https://mastodon.example/@hwhitcombe"));
        var aldridge = NewAuthor(
            "Thomas Aldridge", "Kyiv", "https://thomasaldridge.example", setUpAt.AddDays(5),
            "Ukraine correspondent. Thomas has reported from Kyiv and the front line since 2019, with a focus on "
            + "prisoner exchanges, the civilian cost of the war and the politics of reconstruction. "
            + "He previously covered the Caucasus from Tbilisi and grew up in Leeds.",
            Link("Mastodon", "https://mastodon.example/@taldridge"),
            Link("Bluesky", "https://bsky.example/profile/taldridge"));

        foreach (var author in new[] { ferraris, deidda, whitcombe, aldridge })
            db.Authors.Add(author);

        // ---- Tags ----------------------------------------------------------------------------

        var diplomazia = NewTag("Diplomazia", "Negoziati, vertici e relazioni tra Stati.", setUpAt,
            "Diplomacy", "Talks, summits and relations between states.");
        var difesa = NewTag("Difesa", "Forze armate, alleanze e controllo degli armamenti.", setUpAt,
            "Defence", "Armed forces, alliances and arms control.");
        var energia = NewTag("Energia", "Gas, petrolio, reti e sicurezza energetica.", setUpAt,
            "Energy", "Energy security: gas, oil and grids.");
        var sanzioni = NewTag("Sanzioni", "Misure restrittive e la loro applicazione.", setUpAt,
            "Sanctions", "Sanctions and how they are enforced.");
        var ucraina = NewTag("Ucraina", "La guerra in Ucraina, la diplomazia e la ricostruzione.", setUpAt,
            "Ukraine", "The war in Ukraine, diplomacy and reconstruction.");
        var medioOriente = NewTag("Medio Oriente", "Dal Levante al Golfo, passando per il Mar Rosso.", setUpAt,
            "Middle East", "From the Levant to the Gulf, by way of the Red Sea.");
        var mediterraneo = NewTag("Mediterraneo", "Rotte, confini marittimi e rapporti tra le due sponde.", setUpAt,
            "Mediterranean", "Sea lanes, maritime borders and neighbours.");
        var migrazioni = NewTag("Migrazioni", "Arrivi via mare, soccorsi e politiche d'asilo.", setUpAt,
            "Migration", "Migration at sea, rescues and asylum policy.");
        var elezioni = NewTag("Elezioni", "Voti, campagne e missioni di osservazione.", setUpAt,
            "Elections", "Votes, campaigns and observation missions.");
        var intelligence = NewTag("Intelligence", "Servizi segreti, rapporti riservati e guerra ibrida.", setUpAt,
            "Intelligence", "Intelligence services, leaked assessments and hybrid warfare.");

        foreach (var tag in new[] { diplomazia, difesa, energia, sanzioni, ucraina, medioOriente, mediterraneo, migrazioni, elezioni, intelligence })
            db.Tags.Add(tag);

        // ---- Sources -------------------------------------------------------------------------

        var agency = NewSource(
            "Agenzia Stampa Nazionale", SourceKind.Agency, "IT", "https://www.agenziastampanazionale.example",
            "Agenzia di stampa pubblica italiana, con dispacci in italiano e in inglese. Italy's public news agency.", setUpAt);
        var ukrainianIntelligence = NewSource(
            "Ukrainian Defence Intelligence Directorate", SourceKind.Intelligence, "UA", "https://defence-intelligence.example",
            "Ukraine's military intelligence service. Publishes short statements on Russian deployments; "
            + "its figures are rarely verifiable independently.", setUpAt);
        var russianMfa = NewSource(
            "Russian Ministry of Foreign Affairs", SourceKind.Government, "RU", "https://foreign-ministry.example/ru",
            "The foreign ministry of the Russian Federation, usually quoted through its spokeswoman's weekly briefings.", setUpAt);
        var chronicle = NewSource(
            "The Valletta Chronicle", SourceKind.Media, "MT", "https://www.vallettachronicle.example",
            "Maltese daily newspaper with a strong record on maritime, migration and energy reporting in the Mediterranean.", setUpAt);
        var osde = NewSource(
            "Organisation for Security and Dialogue in Europe", SourceKind.Organization, "AT", "https://osde.example.org",
            "Intergovernmental organisation based in Vienna that runs election observation and ceasefire monitoring missions.", setUpAt);
        var helsinkiTreatyText = NewSource(
            "Helsinki Treaty on Intermediate-Range Forces", SourceKind.Document, "FI", "https://depositary.example.org/helsinki-intermediate-range-forces",
            "Full text of the arms-control agreement signed in Helsinki, as published by the depositary.", setUpAt);

        foreach (var source in new[] { agency, ukrainianIntelligence, russianMfa, chronicle, osde, helsinkiTreatyText })
            db.Sources.Add(source);

        var unusableSecret = Infrastructure.Auth.ApiKeySecrets.Generate();
        db.ApiKeys.Add(new ApiKey
        {
            Id = RetiredImporterKeyId, Name = "Wire importer", Role = Role.Editor, CreatedAt = setUpAt,
            Prefix = Infrastructure.Auth.ApiKeySecrets.PrefixOf(unusableSecret), SecretHash = Infrastructure.Auth.ApiKeySecrets.Hash(unusableSecret),
        });

        // Webhooks: disabled samples whose secrets nobody knows (random bytes, not a sealed secret): never sent.
        foreach (var (id, url, description) in new[]
        {
            (SiteRebuildWebhookId, "https://build.example.org/hooks/articles", "Rebuild the static site"),
            (RetiredWebhookId, "https://cdn-purge.example.net/hooks/articles", "Old CDN purge"),
        })
        {
            db.Webhooks.Add(new Webhook
            {
                Id = id, Url = url, Description = description, Events = ["article.published", "article.unpublished", "article.deleted"],
                SealedSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(60), Enabled = false, DisabledAt = setUpAt,
                DisabledReason = "A sample: its secret was never shown.", CreatedAt = setUpAt, UpdatedAt = setUpAt,
            });
        }
        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Id = FailedDeliveryId, WebhookId = SiteRebuildWebhookId, Sequence = 1, EventType = "article.published", MessageId = "msg_1",
            Payload = "{}", Status = DeliveryStatus.Failed, Attempts = 17, CreatedAt = setUpAt, LastAttemptAt = setUpAt.AddHours(23),
            LastStatusCode = 503, LastResponse = "Service Unavailable",
        });

        // ---- Articles: published ---------------------------------------------------------------

        var ceasefire = Published("it",
            "Tregua in Ucraina, perché i negoziati di Ginevra si sono arenati",
            "Dopo tre giorni di colloqui le delegazioni lasciano la Svizzera senza un testo comune. "
            + "Restano sul tavolo lo scambio di prigionieri e il corridoio nel Mar Nero.",
            now.AddDays(-2).AddHours(-6), CeasefireGeneva);
        Credit(ceasefire, ferraris, aldridge);
        TagWith(ceasefire, diplomazia, ucraina);
        Cite(ceasefire, russianMfa, "sostiene",
            "La proposta ucraina di una missione di verifica su tutto il fronte congelerebbe una situazione militare artificiale.",
            quote: "congelerebbe una situazione militare artificiale");
        Cite(ceasefire, agency, "secondo",
            "Le delegazioni hanno confermato uno scambio di 240 soldati per parte, da completare entro la fine del mese.");
        Cite(ceasefire, osde, "secondo",
            "La missione di monitoraggio ha registrato in media 180 violazioni del cessate il fuoco al giorno nelle ultime due settimane.",
            url: "https://osde.example.org/monitoring/ukraine/latest-report");
        Cite(ceasefire, agency, "ha riferito",
            "Il ministro degli Esteri italiano ha offerto Roma come sede di un nuovo round di colloqui.");
        ceasefire.FeatureImage = Picture(SampleMedia.ConferenceTableId,
            "Delegati seduti a un lungo tavolo in una sala conferenze",
            "Le delegazioni ucraina e russa all'apertura dei colloqui di Ginevra.");
        ceasefire.CanonicalUrl = CanonicalUrl(ceasefire);
        ceasefire.Kind = ArticleKind.Analysis;
        ceasefire.Featured = true;
        db.Articles.Add(ceasefire);

        // The same story in English: the two are one translation group.
        var ceasefireEnglish = Published("en",
            "Ukraine truce: why the Geneva talks stalled",
            "After three days of talks the delegations left Switzerland without a common text. "
            + "A prisoner exchange and a Black Sea corridor remain on the table.",
            now.AddDays(-2).AddHours(-4), CeasefireGenevaEnglish);
        Credit(ceasefireEnglish, aldridge, ferraris);
        TagWith(ceasefireEnglish, diplomazia, ucraina);
        Cite(ceasefireEnglish, russianMfa, "claimed",
            "Ukraine's proposal for a verification mission along the whole front would freeze an artificial military situation.",
            quote: "would freeze an artificial military situation");
        Cite(ceasefireEnglish, agency, "according to",
            "The delegations confirmed an exchange of 240 soldiers on each side, to be completed by the end of the month.");
        ceasefireEnglish.FeatureImage = Picture(SampleMedia.ConferenceTableId,
            "Delegates seated at a long table in a conference room",
            "The Ukrainian and Russian delegations at the opening of the Geneva talks.");
        ceasefireEnglish.Kind = ArticleKind.Analysis;
        ceasefireEnglish.CanonicalUrl = CanonicalUrl(ceasefireEnglish);
        ceasefire.TranslationGroupId = ceasefireEnglish.TranslationGroupId = new Guid("01930000-0000-7000-8000-00000000b001");
        db.Articles.Add(ceasefireEnglish);

        var troopReport = Published("en",
            "Ukraine says Russia is massing troops near Kharkiv; Moscow calls the report a fabrication",
            "The intelligence assessment, which could not be independently verified, describes two new brigades "
            + "moving towards the border. Russia's foreign ministry dismissed it as an attempt to derail the Geneva process.",
            now.AddDays(-1).AddHours(-3), KharkivTroopReport);
        Credit(troopReport, aldridge, deidda);
        TagWith(troopReport, intelligence, ucraina, difesa);
        Cite(troopReport, ukrainianIntelligence, "alleged",
            "Russia has moved roughly 12,000 soldiers and two newly formed motorised brigades to staging areas within 40 kilometres of the border north of Kharkiv.",
            quote: "The enemy is repeating the pattern we saw before previous offensives: logistics first, then people, then armour.",
            url: "https://defence-intelligence.example/en/statements/kharkiv-build-up");
        Cite(troopReport, russianMfa, "said",
            "The Ukrainian figures are a fabrication meant to sabotage the Geneva process, and troop rotations on Russian territory concern nobody else.",
            quote: "a fabrication designed to sabotage the Geneva process");
        Cite(troopReport, agency, "according to",
            "Italy's defence ministry is following the situation closely and is in contact with allies.");
        troopReport.FeatureImage = Picture(SampleMedia.BorderRoadId,
            "Satellite image of military vehicles parked beside farm buildings",
            "Vehicles at a former agricultural depot near Belgorod. Imagery does not establish the size or purpose of any deployment.");
        // Corrected in public: the intelligence service revised its own figure a day later.
        Correct(troopReport, CorrectionKind.Correction, now.AddHours(-20),
            "An earlier version of this article said Ukrainian intelligence put the build-up at 12,000 soldiers. Its updated statement "
            + "gives **about 9,000**, and says one of the two brigades has not yet left its base.");
        db.Articles.Add(troopReport);

        var tradeSeizure = Published("it",
            "Sanzioni, sequestrati nel porto di Trieste componenti per droni diretti in Russia",
            "Secondo gli investigatori il carico, dichiarato come ricambi per macchine agricole, "
            + "doveva arrivare a Mosca passando per la Turchia e il Kazakistan.",
            now.AddDays(-4).AddHours(-2), TriesteSeizure);
        Credit(tradeSeizure, deidda);
        TagWith(tradeSeizure, sanzioni);
        Cite(tradeSeizure, agency, "secondo",
            "La merce era diretta a una società di Istanbul, che l'avrebbe spedita via terra ad Almaty e da lì in Russia.");
        Cite(tradeSeizure, russianMfa, "sostiene",
            "Il sequestro dei container nel porto di Trieste è un atto illegale.",
            quote: "un atto illegale di pirateria commerciale");
        tradeSeizure.FeatureImage = Picture(SampleMedia.HarbourPhotoId, "Container impilati su una banchina del porto");
        db.Articles.Add(tradeSeizure);

        var adrift = Published("en",
            "Forty hours adrift: Malta and Italy trade blame after rescue in disputed waters",
            "A fishing boat carrying 74 people waited nearly two days for help inside Malta's search-and-rescue zone. "
            + "Both governments say they followed the rules.",
            now.AddDays(-6).AddHours(-9), FortyHoursAdrift);
        Credit(adrift, whitcombe);
        TagWith(adrift, migrazioni, mediterraneo);
        Cite(adrift, chronicle, "according to",
            "The boat's engine failed about 60 nautical miles south of Malta, and Maltese authorities acknowledged the alert but did not send a patrol vessel.",
            url: "https://www.vallettachronicle.example/news/forty-hours-adrift-timeline");
        Cite(adrift, agency, "according to",
            "The Italian interior ministry said the passengers were in stable condition and would be moved to a reception centre in Ragusa within 48 hours.");
        adrift.CanonicalUrl = CanonicalUrl(adrift);
        Illustrate(adrift, $"![The open sea south of Malta, a fishing boat on the horizon](media:{SampleMedia.OpenSeaId})", pictures);
        adrift.FeatureImage = Picture(SampleMedia.HarbourPhotoId, "Fishing boats moored in a harbour", "The harbour of Marsaxlokk, where the survivors were brought ashore.");
        db.Articles.Add(adrift);

        var patrolBoat = Published("it",
            "Motovedetta libica spara in aria durante un soccorso, la denuncia di una nave umanitaria",
            "L'episodio a quaranta miglia da Tripoli, in acque internazionali. "
            + "La guardia costiera libica nega, la Farnesina chiede chiarimenti.",
            now.AddDays(-7).AddHours(-4), LibyanPatrolBoat);
        Credit(patrolBoat, whitcombe, ferraris);
        TagWith(patrolBoat, migrazioni, mediterraneo);
        Cite(patrolBoat, chronicle, "avrebbe",
            "La motovedetta libica avrebbe chiesto per quattro volte alla nave umanitaria di consegnare le persone soccorse.",
            url: "https://www.vallettachronicle.example/news/libyan-patrol-boat-shots-video");
        Cite(patrolBoat, agency, "ha riferito",
            "La Farnesina ha chiesto chiarimenti alle autorità di Tripoli sull'episodio.");
        // Without alt text of its own: the picture's, which follows a change of the media item.
        Illustrate(patrolBoat, $"![](media:{SampleMedia.OpenSeaId})", pictures);
        // Retracted: it stays readable, with the retraction on top.
        Correct(patrolBoat, CorrectionKind.Retraction, now.AddDays(-5),
            "**Ritrattazione.** Il video su cui si basava questo articolo risale al 2019 e non mostra l'episodio descritto; la nave "
            + "umanitaria ha ritirato la denuncia. L'articolo resta consultabile per trasparenza, ma i fatti che riporta non sono confermati.");
        patrolBoat.FeatureImage = Picture(SampleMedia.OpenSeaId);
        db.Articles.Add(patrolBoat);

        var pipeline = Published("it",
            "Gasdotto nel Mediterraneo orientale, Cipro e Turchia di nuovo ai ferri corti",
            "Una nave da ricerca turca è entrata in un'area assegnata da Nicosia a un consorzio europeo. "
            + "In gioco ci sono i confini marittimi e il futuro del progetto EastLink.",
            now.AddDays(-10).AddHours(-5), EastMedPipeline);
        Credit(pipeline, ferraris);
        TagWith(pipeline, energia, mediterraneo, medioOriente);
        pipeline.Kind = ArticleKind.Background;
        Cite(pipeline, chronicle, "avrebbe",
            "La nave da ricerca turca avrebbe condotto rilevamenti nel blocco esplorativo per almeno sei ore prima di allontanarsi verso nord.");
        Cite(pipeline, agency, "ha dichiarato",
            "Ankara ha dichiarato che le attività della nave si svolgono interamente in aree sotto giurisdizione turca.",
            quote: "si svolgono interamente in aree sotto giurisdizione turca");
        pipeline.FeatureImage = Picture(SampleMedia.OpenSeaId,
            "Una nave da ricerca sismica in mare aperto, scortata da una fregata",
            "La nave da ricerca turca a sud-ovest di Cipro, in un'immagine diffusa dalla marina greca.");
        db.Articles.Add(pipeline);

        var shadowFleet = Published("en",
            "Shadow fleet tanker detained off Crete as Europe tightens oil sanctions at sea",
            "Greek authorities say the vessel was sailing under a false flag. "
            + "The case tests how far coastal states can go against ships in international waters.",
            now.AddDays(-12).AddHours(-7), ShadowFleetTanker);
        Credit(shadowFleet, whitcombe, deidda);
        TagWith(shadowFleet, sanzioni, energia, mediterraneo);
        Cite(shadowFleet, chronicle, "according to",
            "The tanker's flag state had removed it from its registry three weeks before it was detained.");
        Cite(shadowFleet, russianMfa, "claimed",
            "The detention of the tanker off Crete was an act of piracy, and Moscow will take measures to protect Russian cargo.",
            quote: "an act of piracy");
        Cite(shadowFleet, agency, "according to",
            "EU governments are negotiating a new package that would make it easier to act against stateless tankers.");
        shadowFleet.CanonicalUrl = CanonicalUrl(shadowFleet);
        shadowFleet.FeatureImage = Picture(SampleMedia.OpenSeaId, "The open sea under a grey sky, a ship on the horizon", "International waters south of Crete.");
        db.Articles.Add(shadowFleet);

        var ratification = Published("it",
            "Il Senato ratifica il trattato di Helsinki sulle forze a medio raggio",
            "Via libera con 142 voti favorevoli. L'accordo prevede ispezioni reciproche e un tetto ai missili "
            + "con gittata tra 500 e 5.500 chilometri, ma la ratifica russa resta lontana.",
            now.AddDays(-15).AddHours(-1), HelsinkiRatification);
        Credit(ratification, deidda);
        TagWith(ratification, difesa, diplomazia);
        Cite(ratification, helsinkiTreatyText, "secondo",
            "Ogni parte deve notificare agli altri Stati parte, entro trenta giorni, ogni nuovo schieramento di sistemi a medio raggio.",
            quote: "notifica agli altri Stati parte, entro trenta giorni, ogni nuovo schieramento di sistemi rientranti nell'ambito del presente trattato",
            url: "https://depositary.example.org/helsinki-intermediate-range-forces#article-4");
        Cite(ratification, agency, "secondo",
            "Con il voto del Senato italiano i paesi che hanno completato la ratifica del trattato salgono a nove.");
        Cite(ratification, russianMfa, "sostiene",
            "Le ratifiche europee sono prive di significato finché gli Stati Uniti manterranno sistemi a medio raggio in Germania.",
            quote: "prive di significato");
        ratification.CanonicalUrl = CanonicalUrl(ratification);
        ratification.FeatureImage = Picture(SampleMedia.ConferenceTableId, "L'aula del Senato vuota prima del voto", "Palazzo Madama, la sera del voto.");
        db.Articles.Add(ratification);

        var ratificationEnglish = Published("en",
            "Italy's Senate ratifies the Helsinki treaty on intermediate-range forces",
            "Passed with 142 votes in favour. The agreement provides for mutual inspections and a cap on missiles "
            + "with a range between 500 and 5,500 kilometres, but Russian ratification remains distant.",
            now.AddDays(-15), HelsinkiRatificationEnglish);
        Credit(ratificationEnglish, deidda);
        TagWith(ratificationEnglish, difesa, diplomazia);
        Cite(ratificationEnglish, helsinkiTreatyText, "according to",
            "Each party must notify the other states parties within thirty days of any new deployment of intermediate-range systems.",
            url: "https://depositary.example.org/helsinki-intermediate-range-forces#article-4");
        Cite(ratificationEnglish, agency, "according to",
            "With the Italian Senate's vote, nine countries have now completed ratification of the treaty.");
        ratificationEnglish.CanonicalUrl = CanonicalUrl(ratificationEnglish);
        ratification.TranslationGroupId = ratificationEnglish.TranslationGroupId = new Guid("01930000-0000-7000-8000-00000000b002");
        ratificationEnglish.FeatureImage = Picture(SampleMedia.ConferenceTableId, "The empty Senate chamber before the vote", "Palazzo Madama on the evening of the vote.");
        db.Articles.Add(ratificationEnglish);

        var montenegroVote = Published("en",
            "Observers praise Montenegro's vote but flag pressure on public employees",
            "The OSDE mission found the election competitive and well run, but documented cases of voters "
            + "being photographed at polling stations. Forming a government could take weeks.",
            now.AddDays(-19).AddHours(-8), MontenegroElection);
        Credit(montenegroVote, ferraris);
        TagWith(montenegroVote, elezioni);
        Cite(montenegroVote, osde, "according to",
            "Voting was orderly in 94 percent of the polling stations visited, but public-sector employees reported pressure to prove how they had voted.",
            quote: "Voters had a genuine choice, and they made it freely. But a choice made under the eyes of your employer is not entirely free.",
            url: "https://osde.example.org/elections/montenegro/preliminary-statement");
        Cite(montenegroVote, agency, "said",
            "The Italian government congratulated Montenegro on a peaceful and participatory vote and reaffirmed its support for EU accession.");
        montenegroVote.FeatureImage = Picture(SampleMedia.ConferenceTableId,
            "Voters queuing outside a school used as a polling station",
            "A polling station in Podgorica on election day.");
        db.Articles.Add(montenegroVote);

        // ---- Articles: drafts and the scheduled preview ----------------------------------------

        var redSea = Draft("it",
            "Mar Rosso, l'Europa proroga la missione navale ma le navi restano lontane da Suez",
            "Le compagnie di navigazione continuano a preferire la rotta del Capo di Buona Speranza, "
            + "nonostante la scorta delle fregate europee.",
            now.AddDays(-1), RedSeaMission);
        Credit(redSea, deidda);
        TagWith(redSea, difesa, medioOriente);
        Cite(redSea, agency, "secondo",
            "Il comando operativo della missione ha chiesto almeno altre due unità navali per coprire anche il Golfo di Aden.");
        redSea.FeatureImage = Picture(SampleMedia.OpenSeaId);
        db.Articles.Add(redSea);

        var balticCables = Draft("en",
            "Notebook: what the Baltic cable incidents tell us about hybrid warfare",
            "Five damaged cables in eighteen months and no convictions. Why attribution at sea is so hard.",
            now.AddDays(-2).AddHours(-4), BalticCables);
        Credit(balticCables, deidda);
        TagWith(balticCables, intelligence, difesa);
        balticCables.Kind = ArticleKind.Analysis;
        Cite(balticCables, ukrainianIntelligence, "claimed",
            "The same Hong Kong-registered shipping company operated vessels involved in two separate cable incidents in the Baltic.");
        balticCables.FeatureImage = Picture(SampleMedia.OpenSeaId, "Grey water of the Baltic, a cable ship on the horizon");
        db.Articles.Add(balticCables);

        var romeSummit = Scheduled("it",
            "Vertice di Roma sulla ricostruzione dell'Ucraina: cosa c'è in gioco",
            "Delegazioni da quaranta paesi, il nodo dei beni russi congelati e la rete elettrica da ricostruire prima dell'inverno.",
            publishedAt: now.AddDays(2), createdAt: now.AddDays(-1).AddHours(-3), RomeRecoverySummit);
        Credit(romeSummit, ferraris, aldridge);
        TagWith(romeSummit, diplomazia, ucraina, energia);
        Cite(romeSummit, agency, "secondo",
            "Roma conta di chiudere la conferenza con impegni per almeno dieci miliardi di euro, in gran parte garanzie sui prestiti.");
        Cite(romeSummit, russianMfa, "sostiene",
            "Qualsiasi utilizzo dei beni russi congelati in Europa per la ricostruzione sarebbe un furto.",
            quote: "un furto");
        romeSummit.FeatureImage = Picture(SampleMedia.ConferenceTableId,
            "Bandiere davanti al centro congressi che ospita la conferenza",
            "Il centro congressi di Roma alla vigilia della conferenza sulla ricostruzione.");
        romeSummit.CanonicalUrl = CanonicalUrl(romeSummit);
        db.Articles.Add(romeSummit);
    }

    // ---- Factories -----------------------------------------------------------------------------

    static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    static Author NewAuthor(string name, string location, string website, DateTime createdAt, string bio, params AuthorLink[] links)
    {
        var slug = Slug.From(name);
        return new Author
        {
            Slug = slug,
            Name = name,
            Bio = bio,
            Email = $"{slug.Replace('-', '.')}@newsroom.example",
            AvatarUrl = $"https://images.example.org/authors/{slug}.jpg",
            WebsiteUrl = website,
            Location = location,
            Links = [.. links],
            CreatedAt = createdAt,
        };
    }

    static AuthorLink Link(string label, string url) => new() { Label = label, Url = url };

    /// An Italian tag with its English name.
    static Tag NewTag(string name, string description, DateTime createdAt, string englishName, string englishDescription) => new()
    {
        Slug = Slug.From(name),
        Name = name,
        Description = description,
        CreatedAt = createdAt,
        Translations = [new TagTranslation { Language = "en", Name = englishName, Description = englishDescription }],
    };

    static Source NewSource(string name, SourceKind kind, string country, string website, string description, DateTime createdAt) => new()
    {
        Slug = Slug.From(name),
        Name = name,
        Kind = kind,
        Country = country,
        WebsiteUrl = website,
        Description = description,
        CreatedAt = createdAt,
    };

    /// Published in the past; written a few hours before it went out.
    static Article Published(string language, string title, string subtitle, DateTime publishedAt, string markdown) =>
        NewArticle(language, title, subtitle, markdown, ArticleStatus.Published, publishedAt, createdAt: publishedAt.AddHours(-5));

    static Article Draft(string language, string title, string subtitle, DateTime createdAt, string markdown) =>
        NewArticle(language, title, subtitle, markdown, ArticleStatus.Draft, publishedAt: null, createdAt);

    static Article Scheduled(string language, string title, string subtitle, DateTime publishedAt, DateTime createdAt, string markdown) =>
        NewArticle(language, title, subtitle, markdown, ArticleStatus.Scheduled, publishedAt, createdAt);

    static Article NewArticle(
        string language, string title, string subtitle, string markdown,
        ArticleStatus status, DateTime? publishedAt, DateTime createdAt)
    {
        var body = ArticleBody.FromMarkdown(markdown);
        return new Article
        {
            Slug = Slug.From(title),
            Title = title,
            Subtitle = subtitle,
            Language = language,
            Body = body,
            Excerpt = body.DefaultExcerpt(),
            WordCount = body.WordCount(),
            ReadingTimeMinutes = body.ReadingTimeMinutes(),
            Status = status,
            PublishedAt = publishedAt,
            CreatedAt = createdAt,
        };
    }

    /// Authors in byline order: the first is the primary author.
    static void Credit(Article article, params Author[] authors)
    {
        for (var i = 0; i < authors.Length; i++)
            article.Authors.Add(new ArticleAuthor { Author = authors[i], Position = i });
    }

    static void TagWith(Article article, params Tag[] tags)
    {
        foreach (var tag in tags)
            article.Tags.Add(new ArticleTag { Tag = tag, Position = article.Tags.Count });
    }

    /// Call in the order the claims appear in the text: the position follows.
    static void Cite(Article article, Source source, string attribution, string claim, string? quote = null, string? url = null) =>
        article.Citations.Add(new Citation
        {
            Source = source,
            Attribution = attribution,
            Claim = claim,
            Quote = quote,
            Url = url,
            Position = article.Citations.Count,
        });

    static void Correct(Article article, CorrectionKind kind, DateTime at, string note) =>
        article.Corrections.Add(new Correction
        {
            Kind = kind, NoteMarkdown = note, NoteHtml = ArticleBody.FromMarkdown(note).Html, At = at,
        });

    /// A picture after the body's first paragraph (the excerpt stays that paragraph).
    static void Illustrate(Article article, string image, BodyContext pictures)
    {
        var markdown = article.Body.Markdown;
        var cut = markdown.IndexOf("\n\n", StringComparison.Ordinal);
        if (cut < 0 || !pictures.Media.Keys.Any(id => image.Contains(id.ToString(), StringComparison.Ordinal)))
            return;
        var body = ArticleBody.FromMarkdown($"{markdown[..cut]}\n\n{image}{markdown[cut..]}", pictures);
        article.Body = body;
        article.WordCount = body.WordCount();
        article.ReadingTimeMinutes = body.ReadingTimeMinutes();
    }

    static string CanonicalUrl(Article article) => $"https://newsroom.example/{article.Language}/{article.Slug}";

    // ---- Bodies ----------------------------------------------------------------------------------

    const string CeasefireGenevaEnglish = """
        The Geneva talks on a truce in Ukraine ended on Thursday evening without a signed document. The delegations from Kyiv and Moscow, who met for three days in a lakeside hotel with Swiss and Turkish mediation, agreed only to meet again "within a month", according to two diplomats present at the talks.

        ## Where the talks broke down

        The main sticking point, sources close to the Ukrainian delegation say, is the line of contact. Kyiv wants the ceasefire to come with an international verification mission with free access along the whole front; Moscow would limit observers to some areas and only after the truce takes effect. Russia's foreign ministry claims the Ukrainian proposal "would freeze an artificial military situation" and sees it as a pretext to rearm.

        ## What remains on the table

        The delegations confirmed an exchange of 240 soldiers on each side, to be completed by the end of the month, according to the national news agency. A corridor for grain ships in the Black Sea is still under discussion.
        """;

    const string HelsinkiRatificationEnglish = """
        Italy's Senate ratified the Helsinki treaty on intermediate-range forces on Wednesday with 142 votes in favour. The treaty provides for mutual inspections and caps missiles with a range between 500 and 5,500 kilometres.

        Under article 4, each party must notify the other states parties within thirty days of any new deployment of systems covered by the treaty. With the Italian vote, nine countries have completed ratification, according to the national news agency; Russia's has yet to begin.
        """;

    const string CeasefireGeneva = """
        I negoziati di Ginevra per una tregua in Ucraina si sono chiusi giovedì sera senza un documento firmato. Le delegazioni di Kyiv e Mosca, riunite per tre giorni in un albergo sul lago con la mediazione svizzera e turca, hanno concordato soltanto di rivedersi «entro un mese», secondo due diplomatici presenti ai colloqui.

        ## I punti di rottura

        Il nodo principale, spiegano fonti vicine alla delegazione ucraina, è la linea di contatto. Kyiv chiede che il cessate il fuoco sia accompagnato da una missione internazionale di verifica con accesso libero lungo tutto il fronte; Mosca vorrebbe invece limitare gli osservatori ad alcune zone e solo dopo l'entrata in vigore della tregua. Il ministero degli Esteri russo sostiene che la proposta ucraina «congelerebbe una situazione militare artificiale» e la considera un pretesto per riarmarsi.

        C'è poi la questione della libertà di navigazione nel Mar Nero. Le due parti hanno discusso un corridoio per le navi mercantili dirette ai porti di Odesa e Chornomorsk, ma non è stato trovato un accordo sulle ispezioni dei carichi.

        ## Lo scambio di prigionieri

        L'unico risultato concreto riguarda i prigionieri. Secondo l'Agenzia Stampa Nazionale, le delegazioni hanno confermato uno scambio di 240 soldati per parte, da completare entro la fine del mese. Nelle liste ci sono anche civili detenuti nella città di Melitopol, un punto su cui la delegazione ucraina aveva insistito fin dal primo giorno.

        La missione di monitoraggio dell'Organizzazione per la Sicurezza e il Dialogo in Europa ha registrato nelle ultime due settimane una media di 180 violazioni al giorno lungo la linea del fronte, secondo il suo ultimo rapporto. È un dato che, per i diplomatici occidentali, spiega perché nessuna delle due parti sia pronta a fidarsi dell'altra.

        > «Non firmeremo una tregua che non possiamo verificare», ha detto ai giornalisti il capo della delegazione ucraina lasciando la sede dei colloqui.

        ## Cosa succede adesso

        I mediatori sperano di riportare le delegazioni al tavolo prima del vertice di Roma sulla ricostruzione. Nel frattempo restano aperti tre dossier:

        - la composizione e il mandato della missione di verifica;
        - il corridoio marittimo e le ispezioni delle navi;
        - il calendario dello scambio di prigionieri.

        Il ministro degli Esteri italiano ha offerto Roma come sede di un nuovo round, ha riferito l'Agenzia Stampa Nazionale. Il comunicato finale dei mediatori è disponibile sul [sito della presidenza svizzera dei colloqui](https://diplomacy.example.org/geneva-talks/final-communique).
        """;

    const string KharkivTroopReport = """
        Ukraine's Defence Intelligence Directorate alleged on Friday that Russia has moved roughly 12,000 soldiers and two newly formed motorised brigades to staging areas within 40 kilometres of the border north of Kharkiv, in what it described as preparation for a spring offensive.

        The claim, published in a short statement on the directorate's website and repeated by its spokesman on national television, could not be independently verified. Satellite images reviewed by this newsroom show increased vehicle activity at two former agricultural depots near Belgorod, but they do not by themselves establish the size or purpose of any deployment.

        ## What the directorate claims

        According to the statement, the build-up includes:

        - two motorised rifle brigades transferred from central Russia;
        - at least three batteries of long-range artillery;
        - field hospitals and fuel depots set up in the past ten days.

        > "The enemy is repeating the pattern we saw before previous offensives: logistics first, then people, then armour," the directorate said.

        The directorate did not say how it had obtained the information, and it did not publish imagery. Western officials contacted for this article declined to confirm the figures, though one European diplomat said the estimate was "not out of line" with what allied services had been briefed.

        ## Moscow's denial

        Russia's foreign ministry rejected the report within hours. Its spokeswoman said the figures were "a fabrication designed to sabotage the Geneva process" and that troop rotations on Russian territory "concern nobody else". She did not address the satellite imagery.

        The exchange comes a day after the talks in Geneva ended without agreement on a ceasefire, and each government has accused the other of using the pause in diplomacy to prepare for new fighting. Military analysts caution that intelligence disclosures of this kind are themselves part of that contest: they can be meant to deter an attack, to reassure allies or to shape public opinion before the next round.

        ## Why it matters

        If confirmed, a concentration of this size would be the largest near Kharkiv in more than a year. Ukrainian officials have been pressing European governments for additional air-defence systems, and the timing of the disclosure, days before the Rome reconstruction summit, is unlikely to be a coincidence.

        The Agenzia Stampa Nazionale reported that Italy's defence ministry was "following the situation closely" and in contact with allies. The directorate's full statement is [available in English](https://defence-intelligence.example/en/statements/kharkiv-build-up).
        """;

    const string TriesteSeizure = """
        La Guardia di Finanza ha sequestrato nel porto di Trieste due container di componenti elettronici che, secondo la procura, erano destinati alla produzione di droni militari in Russia. Il carico, dichiarato in dogana come ricambi per macchine agricole, conteneva circa 38.000 microcontrollori, moduli di navigazione satellitare e piccoli motori elettrici.

        ## La rotta

        Secondo l'Agenzia Stampa Nazionale, la merce era partita da un magazzino in Germania ed era diretta a una società di Istanbul, che l'avrebbe poi spedita via terra ad Almaty e da lì in Russia. È uno schema che gli investigatori europei conoscono bene: i beni soggetti a sanzioni non viaggiano quasi mai direttamente verso la Russia, ma attraversano due o tre paesi terzi, cambiando ogni volta intestatario e descrizione.

        Gli inquirenti hanno individuato tre elementi sospetti:

        - il valore dichiarato era circa un decimo di quello di mercato;
        - la società destinataria era stata registrata appena quattro mesi prima;
        - i codici doganali non corrispondevano ai prodotti contenuti nei container.

        ## Le indagini

        Quattro persone sono indagate per violazione del regolamento europeo sulle misure restrittive. Tra loro c'è un imprenditore con base a Gorizia che, secondo la procura, avrebbe fatto da intermediario per almeno altre sei spedizioni negli ultimi due anni. Il suo avvocato ha detto all'agenzia che il cliente «ha sempre agito in buona fede» e che chiarirà la propria posizione davanti al giudice.

        Il ministero degli Esteri russo sostiene che il sequestro sia «un atto illegale di pirateria commerciale» e ha annunciato una nota di protesta. Mosca non riconosce le sanzioni europee, adottate dopo l'invasione dell'Ucraina nel 2022, e le considera prive di valore giuridico.

        > «Ogni componente che fermiamo è un drone in meno sopra una città ucraina», ha dichiarato il comandante provinciale della Guardia di Finanza in conferenza stampa.

        ## Un fenomeno in crescita

        Quello di Trieste è il terzo sequestro di questo tipo in un porto italiano dall'inizio dell'anno. Le autorità doganali europee stimano che il valore dei beni a duplice uso esportati illegalmente verso la Russia attraverso paesi terzi sia cresciuto sensibilmente negli ultimi dodici mesi, e la Commissione europea sta valutando nuove misure contro le società di transito. L'elenco aggiornato dei beni soggetti a restrizioni è pubblicato sul [portale della Commissione](https://sanctions.example.eu/lists/dual-use).
        """;

    const string FortyHoursAdrift = """
        A wooden fishing boat carrying 74 people, including 11 children, was brought into the Sicilian port of Pozzallo on Sunday after drifting for about forty hours inside Malta's search-and-rescue zone, according to the crew of the merchant vessel that eventually took the passengers on board.

        The Valletta Chronicle reported that the boat's engine failed about 60 nautical miles south of Malta on Friday morning and that the first distress call was relayed by a volunteer hotline at 9:40. The paper said Maltese authorities acknowledged the alert but did not dispatch a patrol vessel, asking a nearby tanker to keep watch instead.

        ## Two versions of the same night

        Malta's armed forces said in a statement that the boat "was not in distress" when first sighted, that it had fuel and was moving north, and that Malta had "fully complied with its international obligations". Italian officials, speaking on condition of anonymity, said the boat had been drifting for hours by the time Rome's coordination centre was asked to step in.

        The disagreement is an old one. Malta's search-and-rescue zone is hundreds of times larger than the island itself, and successive Maltese governments have argued that the country cannot be expected to take in everyone rescued there. Malta never accepted the 2004 amendments to the maritime search-and-rescue treaty that oblige the coordinating state to find a "place of safety" for survivors, leaving a legal grey zone that both capitals have exploited.

        ## What the passengers said

        Survivors interviewed in Pozzallo by charity workers described running out of drinking water on the second day. Most of them had left from Zuwara, in western Libya; the majority are from Bangladesh, Egypt and Eritrea.

        > "We saw the lights of a big ship all night. Nobody came closer," one survivor, a 23-year-old man from Sylhet, told the charity.

        The Italian interior ministry said the passengers were in stable condition and would be moved to a reception centre in Ragusa within 48 hours, according to the Agenzia Stampa Nazionale.

        ## The wider picture

        Arrivals by sea to Italy have fallen compared with last year, but the number of people reported dead or missing in the central Mediterranean has not. Humanitarian groups say the longer boats wait for help, the more dangerous the crossing becomes, and they are calling for:

        - a common European rescue mission in the central Mediterranean;
        - clear rules on the port where survivors should be taken;
        - independent investigations into delayed rescues.

        The Valletta Chronicle has published a [full timeline of the alerts](https://www.vallettachronicle.example/news/forty-hours-adrift-timeline) on its website.
        """;

    const string LibyanPatrolBoat = """
        Un soldato a bordo di una motovedetta della guardia costiera libica avrebbe sparato alcuni colpi in aria mentre una nave umanitaria stava soccorrendo un gommone con circa novanta persone, a una quarantina di miglia dalla costa di Tripoli. Lo sostiene l'equipaggio della nave, che ha diffuso un video dell'intervento.

        Secondo il racconto dei soccorritori, la motovedetta si è avvicinata a forte velocità intimando alla nave di allontanarsi. Nel video, lungo circa due minuti, si vede un soldato con un fucile automatico sul ponte della motovedetta e si sentono distintamente tre colpi. Nessuno è rimasto ferito, ma una ventina di persone sono cadute in acqua nel panico e sono state recuperate dai mezzi di salvataggio.

        ## Le versioni a confronto

        La guardia costiera libica nega di aver messo in pericolo i soccorritori. Un suo portavoce ha dichiarato a un'emittente di Tripoli che l'equipaggio ha agito «secondo le procedure» e che la nave umanitaria «operava senza autorizzazione in acque di competenza libica». La zona, però, si trova in acque internazionali, all'interno dell'area di ricerca e soccorso che la Libia ha dichiarato nel 2018.

        Secondo The Valletta Chronicle, che ha ottenuto le comunicazioni radio tra le due imbarcazioni, la motovedetta avrebbe chiesto per quattro volte alla nave di consegnare le persone soccorse. Il giornale maltese ricostruisce anche il passaggio di consegne con il centro di coordinamento di Roma, che ha assegnato alla nave il porto di Ancona, città a quattro giorni di navigazione.

        ## La reazione di Roma

        La Farnesina ha chiesto chiarimenti alle autorità di Tripoli, ha riferito l'Agenzia Stampa Nazionale. L'Italia finanzia da anni l'addestramento degli equipaggi e la manutenzione delle motovedette libiche, e ogni episodio di questo tipo riapre il dibattito sul rinnovo degli accordi con Tripoli.

        > «Abbiamo visto l'arma puntata verso l'alto, poi i colpi. In quel momento avevamo persone in acqua», ha detto la coordinatrice dei soccorsi a bordo.

        Le organizzazioni umanitarie chiedono da tempo che i fondi italiani siano vincolati ad alcune condizioni minime:

        - nessun uso di armi durante i soccorsi;
        - il rispetto della libertà di azione delle navi civili in acque internazionali;
        - lo sbarco dei naufraghi in un porto sicuro, che secondo le Nazioni Unite la Libia non è.

        Il video integrale e la trascrizione delle comunicazioni radio sono stati pubblicati sul [sito del Valletta Chronicle](https://www.vallettachronicle.example/news/libyan-patrol-boat-shots-video).
        """;

    const string EastMedPipeline = """
        La tensione nel Mediterraneo orientale è tornata a salire dopo che una nave da ricerca sismica turca, scortata da due fregate, è entrata lunedì in un blocco esplorativo a sud-ovest di Cipro che Nicosia ha assegnato a un consorzio guidato da società italiane e francesi. Secondo il quotidiano maltese The Valletta Chronicle, che cita fonti della marina greca, la nave avrebbe condotto rilevamenti per almeno sei ore prima di allontanarsi verso nord.

        Il blocco si trova lungo il tracciato previsto di EastLink, il gasdotto sottomarino da 1.900 chilometri che dovrebbe collegare i giacimenti al largo di Cipro e di Israele all'isola di Creta e, da lì, alla rete europea. Il progetto, stimato in circa sei miliardi di euro, è considerato da Bruxelles uno strumento per ridurre la dipendenza dal gas russo, ma avanza a rilento da anni.

        ## Due letture del diritto del mare

        Al centro della disputa ci sono interpretazioni opposte dei confini marittimi. Cipro fa riferimento ai trattati di delimitazione firmati con l'Egitto e con Israele e alla Convenzione delle Nazioni Unite sul diritto del mare, che attribuisce anche alle isole una zona economica esclusiva. La Turchia, che non ha mai aderito alla Convenzione, sostiene invece che le isole non possano generare zone marittime piene e che parte del blocco ricada sulla propria piattaforma continentale.

        Ankara ha dichiarato, secondo l'Agenzia Stampa Nazionale, che le attività della nave «si svolgono interamente in aree sotto giurisdizione turca» e che qualsiasi progetto energetico nella regione deve coinvolgere anche i turco-ciprioti.

        > «Non accetteremo fatti compiuti nella nostra zona economica esclusiva», ha detto il portavoce del governo cipriota in una conferenza stampa a Nicosia.

        ## Le ricadute per l'Italia

        Per Roma la questione non è solo diplomatica. Le società italiane del consorzio hanno già investito oltre 400 milioni di euro nelle prospezioni, e il governo ha più volte indicato il Mediterraneo orientale come una priorità della propria strategia energetica. Fonti diplomatiche spiegano che l'Italia punta su una mediazione discreta, insieme a Francia e Germania, per evitare un'escalation navale come quella dell'estate 2020.

        Gli analisti indicano tre scenari possibili:

        - un congelamento delle attività in attesa di un negoziato bilaterale;
        - il ricorso a un arbitrato internazionale, che Ankara finora ha respinto;
        - un ridimensionamento del progetto, con un tracciato più lungo che eviti le aree contese.

        Una mappa dei blocchi esplorativi e delle zone rivendicate è stata pubblicata dal [ministero dell'Energia cipriota](https://energy.example.cy/maps/exploration-blocks).
        """;

    const string ShadowFleetTanker = """
        Greek coast guard officers boarded and detained an oil tanker about 20 nautical miles south of Crete on Wednesday, in one of the most assertive moves yet by an EU member state against the so-called shadow fleet that carries Russian crude around Western sanctions.

        The tanker, a 20-year-old vessel carrying about 700,000 barrels of crude loaded at the Russian port of Novorossiysk, was flying the flag of a Pacific island state that, according to The Valletta Chronicle, had struck it from its registry three weeks earlier. A ship without a valid flag is effectively stateless, which gives other states wider powers to stop and inspect it.

        ## A legal test case

        Until now European governments have mostly limited themselves to listing vessels and refusing them services in their ports. Boarding a ship on the high seas is a different matter: the law-of-the-sea treaties that guarantee freedom of navigation allow it only in narrow circumstances, and lawyers disagree about whether a false flag is enough.

        Greek officials said the tanker had also switched off its transponder for most of its voyage and carried no valid insurance, creating what a government spokesman called "an unacceptable environmental risk" a few miles from one of Europe's busiest tourist coasts.

        > "We are not enforcing sanctions on the high seas. We are enforcing basic maritime safety," the spokesman said.

        Russia's foreign ministry claimed the detention was "an act of piracy" and said Moscow would "take measures to protect Russian cargo". It did not say what those measures would be.

        ## What happens next

        The Agenzia Stampa Nazionale reported that EU governments are negotiating a new package that would make it easier to act against stateless tankers, including a shared list of vessels with fraudulent registrations. Diplomats in Brussels say the package could be agreed before the summer, although two member states have raised objections.

        Analysts who track tanker traffic estimate that several hundred vessels now operate in the shadow fleet. Many are old, poorly maintained and insured by companies whose ability to pay for an oil spill is unknown. Their main concerns are:

        - collisions and spills in the crowded waters of the eastern Mediterranean and the Turkish straits;
        - ship-to-ship transfers off the coast of Greece, often at night and with transponders off;
        - the growing number of ships sailing under flags they are not entitled to use.

        The Chronicle's [tanker-tracking database](https://www.vallettachronicle.example/data/shadow-fleet-tracker) lists 41 vessels that it says have changed flag at least twice in the past year.
        """;

    const string HelsinkiRatification = """
        Il Senato ha approvato martedì la ratifica del trattato di Helsinki sulle forze a medio raggio con 142 voti favorevoli, 31 contrari e 9 astenuti. Il testo passa ora alla Camera, dove la maggioranza conta di chiudere l'esame entro la fine del mese.

        Firmato due anni fa nella capitale finlandese da Stati Uniti, Russia e quattordici paesi europei, il trattato fissa un tetto al numero di missili con gittata compresa tra 500 e 5.500 chilometri schierati in Europa e introduce un sistema di ispezioni reciproche. Perché entri in vigore servono le ratifiche di almeno dodici firmatari, tra cui obbligatoriamente Washington e Mosca.

        ## Cosa prevede il testo

        Le disposizioni principali sono tre:

        - un limite di 150 lanciatori per ciascuna delle due potenze nucleari nell'area compresa tra l'Atlantico e gli Urali;
        - fino a venti ispezioni a sorpresa all'anno, con un preavviso di 24 ore;
        - un centro di notifica permanente a Helsinki, gestito da personale di tutti i paesi firmatari.

        L'articolo 4, consultabile sul [sito del depositario](https://depositary.example.org/helsinki-intermediate-range-forces#article-4), stabilisce che ogni parte «notifica agli altri Stati parte, entro trenta giorni, ogni nuovo schieramento di sistemi rientranti nell'ambito del presente trattato».

        ## Il dibattito in aula

        La maggioranza ha difeso la ratifica come un segnale di responsabilità. «Il controllo degli armamenti non è una concessione all'avversario, è un interesse della nostra sicurezza», ha detto il relatore del provvedimento. Parte dell'opposizione ha votato contro, sostenendo che l'accordo limiterebbe la libertà dell'Italia di ospitare nuovi sistemi dell'Alleanza atlantica senza garanzie sufficienti sul rispetto degli impegni da parte russa.

        > «Un accordo senza verifiche è solo una promessa. Questo, almeno, le verifiche le prevede», ha commentato un diplomatico che ha partecipato alla stesura del testo.

        Secondo l'Agenzia Stampa Nazionale, con il voto italiano i paesi che hanno completato la ratifica salgono a nove.

        ## L'incognita russa

        Il nodo resta Mosca. La Duma non ha ancora messo in calendario l'esame, e il ministero degli Esteri russo sostiene che le ratifiche europee siano «prive di significato» finché gli Stati Uniti manterranno sistemi a medio raggio in Germania. Washington, dal canto suo, ha fatto sapere che presenterà il testo al proprio Senato solo dopo un segnale concreto da parte russa.

        Per gli esperti di controllo degli armamenti il rischio è che il trattato resti per anni in un limbo, come è già accaduto ad altri accordi firmati e mai entrati in vigore.
        """;

    const string MontenegroElection = """
        International observers said on Monday that Montenegro's parliamentary election was competitive and generally well administered, but that it was marred by credible reports of pressure on public-sector employees and by isolated incidents of intimidation at polling stations.

        The preliminary statement of the observation mission deployed by the Organisation for Security and Dialogue in Europe (OSDE), which sent 310 observers to 24 of the country's 25 municipalities, was presented at a press conference in Podgorica the day after the vote. Turnout was 68 percent, according to the state electoral commission.

        ## What the observers saw

        According to the mission, voting was orderly in 94 percent of the polling stations it visited, and counting was "transparent and professional" in most of them. The problems it documented were concentrated in a few areas:

        - employees of state companies and municipal offices told observers they had been asked to show superiors a photo of their ballot;
        - in the northern town of Pljevlja, a soldier in uniform was seen photographing voters queuing outside a polling station, an incident the defence ministry said it would investigate;
        - three of the seven main lists filed their campaign finance reports late or incomplete.

        > "Voters had a genuine choice, and they made it freely. But a choice made under the eyes of your employer is not entirely free," the head of the mission told reporters.

        ## A fragmented parliament

        No list won a majority. The centre-right Civic Alliance of the outgoing prime minister came first with 31 percent, ahead of the pro-European New Horizon list with 24 percent. Several smaller parties, including two representing the Bosniak and Albanian communities, crossed the 3 percent threshold and are likely to be decisive.

        Coalition negotiations are expected to take weeks. Party leaders have already signalled their red lines: New Horizon rules out any government that includes parties opposed to EU membership, while the Civic Alliance wants to keep the interior and finance ministries.

        The Agenzia Stampa Nazionale said the Italian government had congratulated Montenegro on "a peaceful and participatory vote" and reaffirmed its support for the country's EU accession, which Brussels hopes to conclude by the end of the decade.

        The mission's final report, including recommendations on campaign finance and on protecting the secrecy of the vote, is due in about eight weeks. The preliminary statement is [available on the OSDE website](https://osde.example.org/elections/montenegro/preliminary-statement).
        """;

    const string RedSeaMission = """
        I ministri della Difesa dell'Unione europea hanno deciso di prorogare di un anno la missione navale nel Mar Rosso, nata per proteggere le navi mercantili dagli attacchi con droni e missili lanciati dalle coste dello Yemen. La decisione, attesa da settimane, è arrivata senza sorprese: nessun governo si è opposto, ma nessuno ha offerto nuove navi.

        ## Una missione con pochi mezzi

        Oggi la missione dispone di quattro fregate, una delle quali italiana, e di un aereo da pattugliamento marittimo. È poco, ammettono gli stessi comandanti, per scortare un traffico che prima della crisi contava più di settanta transiti al giorno nello stretto di Bab el-Mandeb. Secondo l'Agenzia Stampa Nazionale, il comando operativo ha chiesto almeno altre due unità per coprire anche il Golfo di Aden.

        Le regole d'ingaggio restano difensive: le navi europee possono abbattere droni e missili diretti contro i mercantili, ma non colpire obiettivi a terra. È una scelta politica precisa, che distingue la missione europea dalle operazioni condotte da Stati Uniti e Regno Unito.

        ## Gli armatori non tornano

        Il problema, per Bruxelles, è che la scorta non basta a riportare le grandi compagnie sulla rotta di Suez. Gran parte delle portacontainer continua a circumnavigare l'Africa passando per il Capo di Buona Speranza, con dieci o dodici giorni di viaggio in più e costi che si scaricano sui prezzi delle merci in Europa. Per i porti italiani, da Genova a Gioia Tauro, il calo dei transiti è ormai strutturale.

        > «Finché le assicurazioni considerano il Mar Rosso una zona di guerra, nessuna fregata potrà convincere un armatore», ha detto il dirigente di una grande compagnia di navigazione.

        Da verificare prima della pubblicazione:

        - il numero esatto di unità messe a disposizione dall'Italia;
        - i dati aggiornati sui transiti nel canale di Suez nell'ultimo trimestre;
        - la posizione della Francia sul comando della missione.

        Per il quadro completo dei transiti si può consultare il [monitoraggio del traffico marittimo](https://shipping-monitor.example.org/red-sea) aggiornato ogni settimana.
        """;

    const string BalticCables = """
        In the past eighteen months at least five undersea cables and one gas pipeline have been damaged on the floor of the Baltic Sea. In almost every case a merchant ship was nearby, dragging its anchor along the seabed for tens of kilometres. And in almost every case, the investigations have ended without charges.

        ## Why attribution is so hard

        Proving that an anchor was dropped on purpose is extremely difficult. Investigators need the ship's voyage data recorder, the testimony of its crew and, ideally, communications showing who gave the order. By the time a coast guard vessel reaches the scene, the ship is often already in international waters, and the state whose flag it flies may have little interest in cooperating.

        Finnish investigators who held one vessel for several weeks last winter eventually released it after concluding that they could not prove intent to a criminal standard. Officials in three Nordic capitals have nonetheless told this newsroom, privately, that they consider at least two of the incidents deliberate.

        ## A pattern, or a coincidence?

        Ukraine's military intelligence claimed last month that the same Hong Kong-registered shipping company had operated vessels involved in two separate incidents, and that its ships had called at Russian ports shortly before each of them. The claim could not be independently confirmed.

        > "Each incident on its own looks like an accident. Put them on a map together, and you have a campaign," a senior NATO maritime officer said.

        What we know so far:

        - most of the damaged infrastructure connects Finland, Estonia, Sweden and Germany;
        - the ships involved were old bulk carriers or tankers, several of them linked to the shadow fleet;
        - NATO has since increased patrols with frigates, maritime aircraft and naval drones.

        ## What to watch

        Still to do before publication: add the Danish investigation, confirm the date of the Estonian cable repair and get a comment from the shipping company. The most useful public overview of the incidents so far is the [Baltic infrastructure tracker](https://balticsecurity.example.org/infrastructure-incidents) maintained by a Tallinn think tank.
        """;

    const string RomeRecoverySummit = """
        Si apre oggi a Roma la conferenza internazionale sulla ricostruzione dell'Ucraina, con delegazioni di circa quaranta paesi, delle istituzioni europee e delle principali banche di sviluppo. Per due giorni la città ospiterà capi di governo, ministri e imprenditori chiamati a discutere di un conto che le stime più recenti collocano oltre i cinquecento miliardi di dollari.

        ## Le priorità

        Il governo italiano, che presiede la conferenza, ha indicato tre priorità:

        - la rete elettrica, colpita da mesi di attacchi contro centrali e sottostazioni;
        - le infrastrutture di trasporto verso i porti del Mar Nero;
        - la partecipazione delle imprese europee, comprese quelle piccole e medie.

        Secondo l'Agenzia Stampa Nazionale, Roma conta di chiudere la conferenza con impegni per almeno dieci miliardi di euro, in gran parte sotto forma di garanzie sui prestiti e di coperture assicurative per chi investe nel paese.

        ## Il nodo dei beni congelati

        La questione più delicata è l'uso dei beni della banca centrale russa congelati in Europa. Alcuni governi vorrebbero destinarne una parte alla ricostruzione; altri, preoccupati per le conseguenze legali e per la stabilità dell'euro, preferiscono limitarsi a usare i rendimenti. Il ministero degli Esteri russo sostiene che qualsiasi utilizzo di quei fondi sarebbe «un furto» e ha minacciato ritorsioni contro le aziende europee ancora presenti in Russia.

        > «La ricostruzione non può aspettare la fine della guerra. Ogni scuola riaperta, ogni ponte riparato, è un motivo in più per restare», ha detto alla vigilia il primo ministro ucraino.

        ## Le aspettative

        Sul tavolo non ci sono solo i finanziamenti. Kyiv chiede garanzie sulla durata degli impegni, perché gli investitori privati non si muoveranno senza una prospettiva di almeno dieci anni. Le organizzazioni della società civile, dal canto loro, insistono sulla trasparenza degli appalti e sulla libertà di stampa come condizioni per evitare che i fondi finiscano nelle mani sbagliate.

        I lavori si potranno seguire in diretta sul [sito ufficiale della conferenza](https://ukraine-recovery-rome.example.org/live). Seguiranno aggiornamenti nel corso della giornata.
        """;
}
