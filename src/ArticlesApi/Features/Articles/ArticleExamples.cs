namespace ArticlesApi.Features.Articles;

/// The OpenAPI examples of the article operations. They run against the sample newsroom (`scripts/run.sh`,
/// Data/Seed/SampleNewsroom.cs) in the order Swagger UI lists them: create a draft that cites sources of the
/// sample, correct it, move it to the trash; publish the sample's draft, restore the trashed one, unpublish
/// the published draft again. OpenApiExamplesTests tries each of them through the API.
public static class ArticleExamples
{
    /// A published article of the sample newsroom.
    public const string Published = "tregua-in-ucraina-perche-i-negoziati-di-ginevra-si-sono-arenati";

    /// The sample newsroom's draft that the publish and unpublish examples act on.
    public const string SampleDraft = "mar-rosso-l-europa-proroga-la-missione-navale-ma-le-navi-restano-lontane-da-suez";

    /// The slug the create example's title gives the new draft.
    public const string NewDraft = "scambio-di-prigionieri-completato-a-ginevra-il-primo-turno";

    static Dictionary<string, object?> Article(string subtitle, string exchanged) => new()
    {
        ["title"] = "Scambio di prigionieri, completato a Ginevra il primo turno",
        ["subtitle"] = subtitle,
        ["body"] = new
        {
            markdown = $"Russia e Ucraina hanno completato il primo turno dello **scambio di prigionieri** concordato a Ginevra: {exchanged}.\n\n"
                + "Gli osservatori internazionali hanno seguito le operazioni al valico di confine.",
        },
        ["language"] = "it",
        ["authors"] = new[] { "giulia-ferraris", "thomas-aldridge" },
        ["tags"] = new[] { "diplomazia", "ucraina" },
        ["citations"] = new object[]
        {
            new { source = "agenzia-stampa-nazionale", claim = $"Nel primo turno sono stati scambiati {exchanged}.", attribution = "secondo" },
            new
            {
                source = "organisation-for-security-and-dialogue-in-europe", claim = "Lo scambio si è svolto senza incidenti.",
                attribution = "ha confermato", quote = "senza incidenti", url = "https://osde.example.org/monitoring/ukraine/latest-report",
            },
        },
        // A picture of the sample newsroom's library: its size, renditions, placeholder and credit come with it.
        ["featureImage"] = new { media = Media.SampleMedia.BorderRoadId, caption = "Il valico dello scambio." },
    };

    public static readonly object Create = Article("Il secondo turno è previsto entro la fine del mese.", "120 soldati per parte");

    /// The create example corrected: the agency revised its figure.
    public static readonly object Update = new Dictionary<string, object?>(
        Article("Il secondo turno è previsto entro la fine del mese. Aggiornato con le cifre definitive.", "124 soldati per parte"))
    {
        ["id"] = NewDraft,
    };

    public static readonly object Get = new { id = Published };
    public static readonly object Delete = new { id = NewDraft };
    public static readonly object Publish = new { id = SampleDraft };
    public static readonly object Restore = new { id = NewDraft };
    public static readonly object Unpublish = new { id = SampleDraft };
    public static readonly object Archive = new { id = SampleDraft };
    public static readonly object Preview = new { id = SampleDraft, expiresIn = 86400 };
    public static readonly object EndPreview = new { id = SampleDraft };

    /// A published article of the sample newsroom that the takedown example removes (no other example uses it).
    public const string TakenDownInExample = "shadow-fleet-tanker-detained-off-crete-as-europe-tightens-oil-sanctions-at-sea";

    public static readonly object Correction = new
    {
        id = Published, kind = "correction",
        note = "Una versione precedente indicava in **200** i soldati dello scambio concordato: secondo l'agenzia sono 240 per parte.",
    };

    public static readonly object Takedown = new { id = TakenDownInExample, reason = "Ordinanza del tribunale di Milano n. 1234/2026 (diffamazione)." };

    /// The create example's draft: revision 1 as created, revision 2 after the update example.
    public static readonly object Revisions = new { id = NewDraft };
    /// Runs before the create example (Swagger UI lists item reads first): a sample article, as seeded.
    public static readonly object Revision = new { id = Published, number = 1 };
    public static readonly object RevisionDiff = new { id = NewDraft, number = 2, against = 1 };
    public static readonly object RevisionRestore = new { id = NewDraft, number = 1 };
}
