namespace ArticlesApi.Features.Articles;

/// The request example of the OpenAPI document: an Italian article with attributed claims.
public static class ArticleExamples
{
    public static readonly object Italian = new
    {
        title = "Il trattato sul clima firmato a Roma",
        subtitle = "Dodici paesi dopo due anni di negoziati",
        body = new
        {
            markdown = "I ministri di dodici paesi hanno firmato **il trattato** a Roma.\n\n"
                + "Secondo l'agenzia Nova, il testo entrerà in vigore a gennaio. Il ministero degli Esteri ha parlato di \"un passo storico\".",
        },
        language = "it",
        authors = new[] { "giulia-ferraris" },
        tags = new[] { "clima", "diplomazia" },
        citations = new object[]
        {
            new { source = "agenzia-nova", claim = "Il trattato entrerà in vigore a gennaio", attribution = "secondo" },
            new
            {
                source = "ministero-degli-esteri", claim = "La firma è un passo storico", attribution = "ha dichiarato",
                quote = "Un passo storico", url = "https://www.esteri.it/it/sala_stampa/",
            },
        },
        featureImage = new { url = "https://images.example.org/roma-firma.jpg", alt = "I ministri alla firma", caption = "Roma, la firma del trattato" },
    };
}
