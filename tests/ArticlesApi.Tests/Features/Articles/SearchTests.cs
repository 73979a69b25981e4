using System.Net;
using Microsoft.EntityFrameworkCore;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class SearchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    /// Phrases and exclusions need a key (SearchLimitTests): `client` is then a staff client.
    async Task<ListResponse<ArticleSummary>> SearchAsync(ArticleData data, string q, string more = "", HttpClient? client = null)
    {
        var response = await (client ?? _client).GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q={Uri.EscapeDataString(q)}{more}", _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(_ct));
        return await response.ReadAsync<ListResponse<ArticleSummary>>(_ct);
    }

    [Fact]
    public async Task Italian_Search_Finds_Inflected_Forms_And_Marks_Them()
    {
        var data = new ArticleData(api);
        var treaty = await data.AddAsync(Fakes.Article("Il vertice di Vienna", markdown: "Il trattato è stato firmato ieri sera."), _ct);
        var soldiers = await data.AddAsync(Fakes.Article("Al confine", markdown: "I soldati sono rientrati in caserma."), _ct);
        await data.AddAsync(Fakes.Article("Altro", markdown: "Nessuna notizia rilevante."), _ct);

        var byTreaties = await SearchAsync(data, "trattati");
        var bySoldier = await SearchAsync(data, "soldato");

        byTreaties.Data.Select(a => a.Id).ShouldBe([treaty.Id]);
        byTreaties.Data[0].Highlight!.ShouldContain("<mark>trattato</mark>");
        bySoldier.Data.Select(a => a.Id).ShouldBe([soldiers.Id]);
        bySoldier.Data[0].Highlight!.ShouldContain("<mark>soldati</mark>");
    }

    [Fact]
    public async Task English_Search_Stems_And_Folds_Accents()
    {
        var data = new ArticleData(api);
        var elections = await data.AddAsync(Fakes.Article("Polls", language: "en", markdown: "The elections were postponed by the café owners."), _ct);

        (await SearchAsync(data, "election")).Data.Select(a => a.Id).ShouldBe([elections.Id]);
        (await SearchAsync(data, "postponing")).Data.Select(a => a.Id).ShouldBe([elections.Id]);
        var byAccent = await SearchAsync(data, "cafe");
        byAccent.Data.Select(a => a.Id).ShouldBe([elections.Id]);
        byAccent.Data[0].Highlight!.ShouldContain("<mark>café</mark>");
    }

    [Fact]
    public async Task Italian_Search_Folds_Accents()
    {
        var data = new ArticleData(api);
        var why = await data.AddAsync(Fakes.Article("Perché il voto slitta", markdown: "Una spiegazione."), _ct);

        (await SearchAsync(data, "perche")).Data.Select(a => a.Id).ShouldBe([why.Id]);
    }

    [Fact]
    public async Task An_Article_Matches_Only_In_Its_Own_Language_And_Follows_A_Language_Change()
    {
        var data = new ArticleData(api);
        // "the" is an English stop word but an ordinary word to the Italian configuration.
        var italian = await data.AddAsync(Fakes.Article("Rassegna", language: "it", markdown: "Lo ha scritto the Economist."), _ct);
        var english = await data.AddAsync(Fakes.Article("Review", language: "en", markdown: "The Economist wrote it."), _ct);

        (await SearchAsync(data, "the")).Data.Select(a => a.Id).ShouldBe([italian.Id]);
        (await SearchAsync(data, "the", "&sort=-publishedAt")).Data.Select(a => a.Id).ShouldBe([italian.Id]);
        (await SearchAsync(data, "economist")).Data.Select(a => a.Id).ShouldBe([english.Id, italian.Id], ignoreOrder: true);

        // The index holds the article's language with its words: re-indexed when the language changes.
        await using (var db = api.Database.CreateContext())
        {
            (await db.Articles.FindAsync([italian.Id], _ct))!.Language = "en";
            await db.SaveChangesAsync(_ct);
        }
        (await SearchAsync(data, "the")).Data.ShouldBeEmpty();
        (await SearchAsync(data, "the", "&sort=-publishedAt")).Data.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_Language_Filtered_Search_Matches_As_That_Language_Parses_Q_And_Follows_A_Language_Change()
    {
        var data = new ArticleData(api);
        // Answered by the language's own index (migration SearchLanguageIndexesHsearchidx), not by the language markers.
        var italian = await data.AddAsync(Fakes.Article("Il governo cade", language: "it", markdown: "Lo ha scritto the Economist."), _ct);
        var swiss = await data.AddAsync(Fakes.Article("Il governo ticinese", language: "it-CH", markdown: "Nessun commento."), _ct);
        var english = await data.AddAsync(Fakes.Article("Who will govern", language: "en", markdown: "The Economist asks."), _ct);

        (await SearchAsync(data, "governo", "&language=it")).Data.Select(a => a.Id).ShouldBe([italian.Id, swiss.Id], ignoreOrder: true);
        (await SearchAsync(data, "governo", "&language=it-CH")).Data.Select(a => a.Id).ShouldBe([swiss.Id]);
        // English keeps "governo" whole: the English article's "govern" is another word there.
        (await SearchAsync(data, "governo", "&language=en")).Data.ShouldBeEmpty();
        (await SearchAsync(data, "govern", "&language=en")).Data.Select(a => a.Id).ShouldBe([english.Id]);
        // The last word as a prefix, in the filtered language.
        (await SearchAsync(data, "gover", "&language=it")).Data.Select(a => a.Id).ShouldBe([italian.Id, swiss.Id], ignoreOrder: true);
        // A stop word in the filtered language matches nothing there; an ordinary word in another it does.
        (await SearchAsync(data, "the", "&language=en")).Data.ShouldBeEmpty();
        (await SearchAsync(data, "the", "&language=it&total=true")).Meta.Total.ShouldBe(1);

        await using (var db = api.Database.CreateContext())
        {
            (await db.Articles.FindAsync([italian.Id], _ct))!.Language = "en";
            await db.SaveChangesAsync(_ct);
        }
        (await SearchAsync(data, "governo", "&language=it")).Data.Select(a => a.Id).ShouldBe([swiss.Id]);
        (await SearchAsync(data, "governo", "&language=en")).Data.Select(a => a.Id).ShouldBe([italian.Id]);
    }

    [Fact]
    public async Task The_Language_Marker_In_The_Index_Cannot_Be_Searched_For()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Fakes.Article("Il vertice", language: "it", markdown: "Nessun accordo."), _ct);
        await data.AddAsync(Fakes.Article("The summit", language: "en", markdown: "No agreement."), _ct);

        // The markers as the index holds them, whatever their spelling: as typed, quoted, and word by word.
        string[] markers;
        await using (var db = api.Database.CreateContext())
            markers = await db.Database.SqlQuery<string>(
                    $"SELECT array_to_string(tsvector_to_array(articles_search_marker(l)), '') AS \"Value\" FROM unnest(ARRAY['it', 'en']) AS l")
                .ToArrayAsync(_ct);
        markers.Length.ShouldBe(2);
        var editor = (await api.EditorAsync()).Client;
        foreach (var q in markers.SelectMany(m => new[] { m, $"\"{m}\"", $"'{m}'" }.Concat(m.Split(' '))))
            (await SearchAsync(data, q, client: editor)).Data.ShouldBeEmpty(q);
    }

    [Fact]
    public async Task Title_Matches_Rank_Above_Body_Matches()
    {
        var data = new ArticleData(api);
        var inBody = await data.AddAsync(Fakes.Article("Notizie del giorno", markdown: "Si parla anche della riforma fiscale, tra molte altre cose."), _ct);
        var inTitle = await data.AddAsync(Fakes.Article("La riforma fiscale", markdown: "Un testo senza la parola chiave.", publishedAt: DateTime.UtcNow.AddDays(-3)), _ct);

        (await SearchAsync(data, "riforma")).Data.Select(a => a.Id).ShouldBe([inTitle.Id, inBody.Id]);
        (await SearchAsync(data, "riforma", "&sort=-publishedAt")).Data.Select(a => a.Id).ShouldBe([inBody.Id, inTitle.Id]);
    }

    [Fact]
    public async Task Relevance_Ranks_The_Newest_Matches_And_Total_Counts_Every_Match()
    {
        const int window = global::Articles.List.Search.RelevanceWindow;
        var data = new ArticleData(api);
        var start = DateTime.UtcNow.AddMinutes(-1);
        var newest = await data.AddAsync(Enumerable.Range(0, window).Select(i =>
            Fakes.Article($"Cronaca {i}", markdown: "Una frase sul bilancio comunale.", publishedAt: start.AddMinutes(-i))).ToList(), _ct);
        var oldButInTitle = await data.AddAsync(Fakes.Article("Il bilancio comunale", markdown: "Il bilancio.", publishedAt: start.AddDays(-30)), _ct);

        var relevance = await SearchAsync(data, "bilancio", "&limit=100&total=true");
        var seen = relevance.Data.Select(a => a.Id).ToList();
        for (var cursor = relevance.Meta.NextCursor; cursor is not null;)
        {
            var next = await SearchAsync(data, "bilancio", $"&limit=100&total=true&cursor={cursor}");
            seen.AddRange(next.Data.Select(a => a.Id));
            cursor = next.Meta.NextCursor;
        }
        var byDate = await SearchAsync(data, "bilancio", "&sort=-publishedAt&limit=100&total=true");

        relevance.Meta.Total.ShouldBe(window + 1);
        seen.Count.ShouldBe(window);
        seen.ShouldBe(newest.Select(a => a.Id), ignoreOrder: true);
        seen.ShouldNotContain(oldButInTitle.Id);
        byDate.Meta.Total.ShouldBe(window + 1);
        byDate.Meta.NextCursor.ShouldNotBeNull();
        // A first page of `limit=100` filled by the window is not every match: its facets count the window and say so.
        var faceted = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q=bilancio&limit=100&facets=tag", _ct);
        var meta = (await faceted.ReadAsync<ArticleSummaryList>(_ct)).Meta;
        meta.FacetsApproximate.ShouldBe(true);
        meta.Facets!.Tag!.Single(x => x.Slug == data.Tag.Slug).Count.ShouldBe(window);
    }

    [Fact]
    public async Task Highlight_Marks_A_Word_Found_Deep_In_A_Long_Body()
    {
        var data = new ArticleData(api);
        var filler = string.Join(" ", Enumerable.Repeat("Una lunga premessa senza la parola cercata.", 60));
        filler.Length.ShouldBeGreaterThan(2 * global::Articles.List.Search.HighlightBodyCharacters);
        var early = await data.AddAsync(Fakes.Article("Primo", markdown: "La ferrovia riapre. " + filler), _ct);
        var late = await data.AddAsync(Fakes.Article("Secondo", markdown: filler + " Le ferrovie riaprono. " + filler,
            publishedAt: DateTime.UtcNow.AddDays(-1)), _ct);

        var page = await SearchAsync(data, "ferrovia", "&sort=-publishedAt");

        page.Data.Select(a => a.Id).ShouldBe([early.Id, late.Id]);
        page.Data[0].Highlight!.ShouldContain("<mark>ferrovia</mark>");
        page.Data[1].Highlight!.ShouldContain("<mark>ferrovie</mark>");
    }

    [Fact]
    public async Task Highlight_Is_Html_Escaped_Apart_From_The_Marks()
    {
        var data = new ArticleData(api);
        var article = Fakes.Article("Codice", language: "en", markdown: "placeholder");
        article.Body.Text = "The <script>alert('x')</script> payload & the exploit were found.";
        await data.AddAsync(article, _ct);

        var hit = (await SearchAsync(data, "exploit")).Data.Single();

        hit.Highlight!.ShouldContain("<mark>exploit</mark>", Case.Sensitive);
        // ts_headline drops what its parser takes for tags; whatever remains is escaped.
        hit.Highlight!.ShouldContain("payload &amp; the");
        hit.Highlight!.ShouldNotContain("<script>");
        hit.Highlight!.Replace("<mark>", "").Replace("</mark>", "").ShouldNotContain("<");
    }

    [Fact]
    public async Task Search_Composes_With_Filters_And_Pages_By_Relevance()
    {
        var data = new ArticleData(api);
        var articles = await data.AddAsync(Enumerable.Range(0, 7)
            .Select(i => Fakes.Article($"Bilancio {i}", language: i % 2 == 0 ? "it" : "en",
                markdown: string.Join(' ', Enumerable.Repeat("bilancio", i + 1)) + " del comune.")).ToList(), _ct);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await SearchAsync(data, "bilancio", "&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.Data.Select(a => a.Id));
            cursor = page.Meta.NextCursor;
        } while (cursor is not null);

        seen.ShouldBeUnique();
        seen.ShouldBe(articles.Select(a => a.Id), ignoreOrder: true);
        (await SearchAsync(data, "bilancio", "&language=it&total=true")).Meta.Total.ShouldBe(4);
        var editor = (await api.EditorAsync()).Client;
        (await SearchAsync(data, "bilancio -comune", client: editor)).Data.ShouldBeEmpty();
        (await SearchAsync(data, "\"del comune\"", "&limit=100", editor)).Data.Count.ShouldBe(7);
    }

    [Fact]
    public async Task A_Relevance_Cursor_Cannot_Be_Reused_With_Another_Query()
    {
        var data = new ArticleData(api);
        await data.AddAsync(Enumerable.Range(0, 3).Select(_ => Fakes.Article("Mercati in calo")).ToList(), _ct);
        var cursor = (await SearchAsync(data, "mercati", "&limit=1")).Meta.NextCursor;

        var response = await _client.GetAsync($"/api/v1/articles?tag={data.Tag.Slug}&q=calo&limit=1&cursor={cursor}", _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorNamesAsync(_ct)).ShouldBe(["cursor"]);
    }
}
