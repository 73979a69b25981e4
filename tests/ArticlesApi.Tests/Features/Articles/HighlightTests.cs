using System.Net;
using System.Text.RegularExpressions;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// The `highlight` of a search hit marks what matched in the article's own language, starts and ends at
/// word boundaries and keeps title, subtitle and body apart (issue 22, item 7).
public sealed partial class HighlightTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    /// Long enough that the body passage (Search.HighlightBodyCharacters) cannot reach from one end to the other.
    static readonly string Filler = string.Join(" ", Enumerable.Repeat("Una lunga premessa senza la parola cercata.", 20));

    async Task<string> HighlightAsync(ArticleData data, string q)
    {
        var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q={Uri.EscapeDataString(q)}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return (await response.ReadAsync<ListResponse<ArticleSummary>>(_ct)).Data.ShouldHaveSingleItem().Highlight.ShouldNotBeNull();
    }

    static Article Article(string title, string? subtitle, string body, string language = "it")
    {
        var article = Fakes.Article(title, language: language, markdown: "placeholder");
        article.Subtitle = subtitle;
        article.Body.Text = body;
        return article;
    }

    [Fact]
    public async Task Italian_Highlight_Marks_The_Real_Match_Not_Words_Sharing_Another_Languages_Stem()
    {
        var data = new ArticleData(api);
        // "trat" (q's Basque stem) is inside "entrata", "tratt" (its Italian one) begins "trattoria"; neither is a match.
        await data.AddAsync(Article("Diplomazia", "Il punto della settimana",
            "All'entrata della trattoria si parlava d'altro. " + Filler + " Poi il ministro ha firmato i trattati di pace. " + Filler), _ct);

        var highlight = await HighlightAsync(data, "trattati");

        highlight.ShouldContain("<mark>trattati</mark>", Case.Sensitive);
        highlight.ShouldNotContain("entrata");
        highlight.ShouldNotContain("<mark>trattoria</mark>");
    }

    [Fact]
    public async Task English_Highlight_Marks_The_English_Match()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Article("Summit", null,
            "The entrance was crowded. " + Filler + " The ministers signed the treaty on Tuesday. " + Filler, language: "en"), _ct);

        var highlight = await HighlightAsync(data, "treaties");

        highlight.ShouldContain("the <mark>treaty</mark> on Tuesday", Case.Sensitive);
    }

    [Fact]
    public async Task Highlight_Starts_And_Ends_With_Whole_Words()
    {
        var data = new ArticleData(api);
        // Long words, the match at every offset within a word's length: a passage cut at a fixed distance
        // from the match would start or end inside a word in some of them.
        var words = "Straordinariamente complicatissime consultazioni internazionalizzate sovrapponibili";
        var articles = Enumerable.Range(0, 8).Select(shift => Article($"Titolo {shift}", "Sottotitolo",
            new string('x', shift) + " " + string.Join(" ", Enumerable.Repeat(words, 6)) + " i trattati " +
            string.Join(" ", Enumerable.Repeat(words, 6)))).ToList();
        await data.AddAsync(articles, _ct);
        var known = articles.SelectMany(a => Words(a.Title + " " + a.Subtitle + " " + a.Body.Text)).ToHashSet();

        var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q=trattati", _ct);
        var hits = (await response.ReadAsync<ListResponse<ArticleSummary>>(_ct)).Data;

        hits.Count.ShouldBe(articles.Count);
        foreach (var hit in hits)
        {
            hit.Highlight.ShouldNotBeNull().ShouldContain("<mark>trattati</mark>");
            Words(hit.Highlight.Replace("<mark>", " ").Replace("</mark>", " ")).ShouldAllBe(w => known.Contains(w));
        }
    }

    [Fact]
    public async Task Highlight_Keeps_Title_Subtitle_And_Body_Apart()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Article("Vertice a Vienna", "Firmati i trattati", "Il documento entra in vigore a gennaio."), _ct);

        var highlight = await HighlightAsync(data, "trattati");

        highlight.ShouldContain("Vienna" + Highlights.FieldSeparator + "Firmati i <mark>trattati</mark>" + Highlights.FieldSeparator + "Il documento");
    }

    [Fact]
    public async Task Html_Special_Characters_Stay_Escaped_Around_The_Mark()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Article("Conti", null, "Spesa <stimata> & \"firmata\": i trattati costano."), _ct);

        var highlight = await HighlightAsync(data, "trattati");

        highlight.ShouldContain("Spesa &lt;stimata&gt; &amp; &quot;firmata&quot;: i <mark>trattati</mark> costano", Case.Sensitive);
    }

    [Fact]
    public async Task Private_Use_Characters_In_The_Text_Do_Not_Make_Marks()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Article($"Nota {Highlights.Start}falsa{Highlights.Stop}", null, "I trattati costano."), _ct);

        var highlight = await HighlightAsync(data, "trattati");

        highlight.ShouldContain("Nota falsa");
        Regex.Count(highlight, "<mark>").ShouldBe(1);
    }

    /// `limit` makes another URL: the response cache does not answer the request.
    async Task<(string Highlight, int Statements)> CountedHighlightAsync(ArticleData data, string q, int limit)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles?tag={data.Tag.Slug}&q={Uri.EscapeDataString(q)}&limit={limit}");
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await _client.SendAsync(request, _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        var highlight = (await response.ReadAsync<ListResponse<ArticleSummary>>(_ct)).Data.ShouldHaveSingleItem().Highlight.ShouldNotBeNull();
        return (highlight, api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }

    [Fact]
    public async Task A_Repeated_Search_Cuts_The_Same_Highlight_Without_Asking_The_Database_Again()
    {
        var data = new ArticleData(api);
        // Words no other search of this process has seen: PostgreSQL's answers about them are not known yet.
        string Unseen() => "zq" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));
        var (word, fresh) = (Unseen(), Unseen());
        await data.AddAsync([Article("Cronaca", null, Filler + $" Il {word} ha firmato i trattati. " + Filler),
            Article("Esteri", null, Filler + $" Il {fresh} ha firmato i trattati. " + Filler)], _ct);
        // Written behind the recorder: settled, so no background render or poll re-reads the site between the counted searches.
        await api.SettleBackgroundWorkAsync(_ct);

        var (first, _) = await CountedHighlightAsync(data, word, limit: 10);
        // What a search asks when nothing about its q is known (after the first request: what the API reads once is read).
        var (_, unknownStatements) = await CountedHighlightAsync(data, fresh, limit: 11);
        var (again, againStatements) = await CountedHighlightAsync(data, word, limit: 12);
        // Another q (its parse is asked for) whose candidates' lexemes are known.
        var (other, otherStatements) = await CountedHighlightAsync(data, word.ToUpperInvariant(), limit: 13);

        first.ShouldContain($"<mark>{word}</mark>");
        again.ShouldBe(first);
        other.ShouldBe(first);
        // The routers' catalog (SearchMatchSet routes a filtered search), read with a new q's parse, is read alone for a known q.
        againStatements.ShouldBe(unknownStatements - 2, "q's parse (Search.Parses), q parsed in the article's language and the words' lexemes are known");
        otherStatements.ShouldBe(unknownStatements - 1, "a new q is parsed; the lexemes of its candidates are known");
    }

    static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordPattern();
}
