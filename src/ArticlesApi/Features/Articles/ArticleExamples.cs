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
        ["featureImage"] = new { url = "https://images.example.org/prisoner-exchange.jpg", alt = "Un autobus al valico di confine", caption = "Il valico dello scambio." },
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
}
