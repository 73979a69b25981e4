using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NpgsqlTypes;
using SearchRankQuery = global::Articles.List.SearchRankQuery;

namespace ArticlesApi.Tests.Features.Articles;

/// The own walk (ADR 0034, "2026-12-06 evening, ownwalk"): a word in most articles is read by the date walk with q checked on each
/// row's vector as stored, in the row's own language (ArticleSearch.MatchesOwn), and answers what the walk through the marked
/// query answers, in any order and on any page; the page ranks by q's parses compacted (SearchRankQuery), which rank every article as the whole parses do.
/// A database of its own: the routing depends on its statistics.
public sealed class SearchOwnWalkTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    const string OwnMatch = "articles_search_matches_own(";

    [Fact]
    public async Task A_Common_Word_Walked_With_Its_Own_Language_Parse_Answers_As_The_Marked_Walk()
    {
        LanguageWalkOff();
        var trashed = await AddArticlesAsync();
        string[] queries =
        [
            "q=trattato", "q=trattato&sort=-publishedAt", "q=trattato&total=true", "q=trattato&facets=language,tag",
            "q=tratt", "q=trattato%20or%20treaty", "q=per", "q=trattato&sort=-publishedAt&facets=language",
            "q=trattato&sort=title", "q=trattato&sort=-updatedAt&total=true", "q=trattato&sort=publishedAt",
        ];
        api.SetWindow("auto");
        api.SetCore("auto");
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 20 })
            {
                var url = $"/api/v1/articles?{query}&limit={limit}";
                var (marked, ownId) = await MarkedAndOwnAsync(url);
                if (query is "q=trattato" or "q=trattato&total=true" or "q=trattato&sort=-publishedAt" or "q=trattato&sort=title"
                    or "q=trattato&sort=-updatedAt&total=true" or "q=trattato&sort=publishedAt")
                    api.Statements(ownId).ShouldContain(s => s.Contains(OwnMatch), $"{url}: a word in most articles takes the own walk: " + string.Join("\n----\n", api.Statements(ownId)));

                marked.ShouldNotContain("domani", customMessage: url);
                marked.ShouldNotContain("bozza", customMessage: url);
                marked.ShouldNotContain(trashed.ToString(), customMessage: url);
                if (query == "q=per")
                {
                    // `per` is a stop word in Italian: an Italian article that has it does not match, an English one does.
                    marked.ShouldNotContain("Notizie", customMessage: url);
                    marked.ShouldContain("The treaty", customMessage: url);
                }
                else
                    marked.ShouldContain("\"id\"", customMessage: url);

                if (SearchParseApi.NextCursor(marked) is not { } cursor)
                    continue;
                var next = $"{url}&cursor={Uri.EscapeDataString(cursor)}";
                SetOwnWalk("off");
                var (markedNext, _) = await api.GetUncachedAsync(_client, next, _ct);
                SetOwnWalk("auto");
                var (ownNext, ownNextId) = await api.GetUncachedAsync(_client, next, _ct);
                ownNext.ShouldBe(markedNext, next);
                // A later page newest first is not the RUM window's: the own walk in the date order.
                if (query == "q=trattato&sort=-publishedAt")
                    api.Statements(ownNextId).ShouldContain(s => s.Contains(OwnMatch), next);
            }
    }

    [Fact]
    public async Task A_Common_Word_In_The_Language_Filtered_On_Is_Walked_In_Another_Order_As_The_Marked_Walk()
    {
        // The walk reads every language's rows in the order; q's matches in the filtered language alone decide it (English
        // `trattato`: 30 of the 60 English articles). Not a word without matches in that language (`treaty` in Italian). After
        // SearchMatchSet (off here: it reads q's matches first when they are few, as they are in this table).
        LanguageWalkOff();
        await AddArticlesAsync();
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        configuration[global::Articles.List.SearchMatchSet.ModeSetting] = "off";
        try
        {
            // By publication date; newest first from its second page (the first is the RUM window's). Not by title or last change:
            // the planner walks the language's own index of those with the marked query.
            string[] walked =
            [
                "q=trattato&language=it&sort=publishedAt", "q=tratt&language=it&sort=publishedAt&total=true",
                "q=trattato&language=en&sort=publishedAt&total=true", "q=trattato&language=es&sort=publishedAt", "q=trattato&language=it&sort=-publishedAt",
            ];
            foreach (var query in walked.Concat(["q=treaty&language=it&sort=publishedAt", "q=trattato&language=it&sort=title&total=true", "q=tratt&language=it&sort=-updatedAt"]))
                foreach (var limit in new[] { 2, 20 })
                {
                    var url = $"/api/v1/articles?{query}&limit={limit}";
                    var pages = 0;
                    while (url is not null)
                    {
                        var (answer, ownId) = await MarkedAndOwnAsync(url);
                        api.Statements(ownId).Any(s => s.Contains(OwnMatch)).ShouldBe(walked.Contains(query) && (pages > 0 || !query.Contains("sort=-")), url);
                        answer.ShouldNotContain("domani", customMessage: url);
                        url = SearchParseApi.NextCursor(answer) is { } cursor && ++pages < 4
                            ? $"/api/v1/articles?{query}&limit={limit}&cursor={Uri.EscapeDataString(cursor)}" : null;
                    }
                }
        }
        finally
        {
            configuration[global::Articles.List.SearchMatchSet.ModeSetting] = null;
        }
    }

    [Fact]
    public async Task A_Word_Whose_Floor_Is_Past_The_Match_Sets_Cap_Is_Not_Read_First_In_Another_Order()
    {
        // With the walks off, `trattato` by title is SearchMatchSet's ordered read; its floor (the lexeme's sampled frequency,
        // ~180 rows here) past 1.5 × the cap (Search:MatchSetCap) says the read would be lost: it is not tried.
        LanguageWalkOff();
        await AddArticlesAsync();
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        configuration[global::Articles.List.SearchMatchSet.UpToSetting] = "0";
        try
        {
            foreach (var (cap, read) in new[] { ("50", false), ("1000", true) })
            {
                configuration[global::Articles.List.SearchMatchSet.CapSetting] = cap;
                const string url = "/api/v1/articles?q=trattato&sort=title&limit=2&total=true";
                var (marked, _) = await MarkedAndOwnAsync(url);
                SetOwnWalk("off");
                var (_, id) = await api.GetUncachedAsync(_client, url, _ct);
                api.Statements(id).Any(s => s.Contains("search_match_set_ordered")).ShouldBe(read, cap);
                configuration[global::Articles.List.SearchMatchSet.ModeSetting] = "off";
                var (unread, _) = await api.GetUncachedAsync(_client, url, _ct);
                configuration[global::Articles.List.SearchMatchSet.ModeSetting] = null;
                unread.ShouldBe(marked, cap);
            }
        }
        finally
        {
            configuration[global::Articles.List.SearchMatchSet.UpToSetting] = null;
            configuration[global::Articles.List.SearchMatchSet.CapSetting] = null;
            SetOwnWalk("auto");
        }
    }

    [Fact]
    public async Task A_Word_The_Statistics_Do_Not_Know_Is_Not_Walked_On_Their_Guess()
    {
        // `trattazz` is in no article: its estimate is the statistics' guess for an unknown lexeme, which with `limit=1` would clear
        // the own walk's bound; walked, a table without its matches is read whole (at 1M `governno&sort=-updatedAt&limit=1`).
        LanguageWalkOff();
        await AddArticlesAsync();
        SetOwnWalk("auto");
        foreach (var url in new[] { "/api/v1/articles?q=trattazz&sort=-updatedAt&limit=1", "/api/v1/articles?q=trattazz&sort=title&limit=1" })
        {
            var (body, id) = await api.GetUncachedAsync(_client, url, _ct);
            body.ShouldStartWith("{\"data\":[]", customMessage: url);
            api.Statements(id).ShouldNotContain(s => s.Contains(OwnMatch), url);
        }
        // A known common word with the same limit is walked.
        var (_, walked) = await api.GetUncachedAsync(_client, "/api/v1/articles?q=trattato&sort=-updatedAt&limit=1", _ct);
        api.Statements(walked).ShouldContain(s => s.Contains(OwnMatch));
    }

    [Fact]
    public async Task The_Compacted_Parses_Rank_Every_Article_As_The_Whole_Parses_Do()
    {
        await AddArticlesAsync();
        string[] queries = ["trattato", "tratt", "trattato treaty", "trattato or treaty or tratado", "\"trattato di pace\"", "pace -vertice", "per"];
        var compacted = 0;
        await using var db = api.Database.CreateContext();
        foreach (var q in queries)
        {
            var parses = await db.Database.SqlQuery<NpgsqlTsQuery[]>($"SELECT articles_search_queries({q}) AS \"Value\"").SingleAsync(_ct);
            foreach (var parse in new[] { parses[0], parses[2] })
            {
                var compact = SearchRankQuery.Compact(parse);
                if (compact.ToString() != parse.ToString())
                    compacted++;
                var ranked = await db.Database.SqlQuery<int>($"""
                    SELECT count(*)::int AS "Value" FROM articles WHERE search_vector @@ {TsQuery(parse)}
                    """).SingleAsync(_ct);
                var differ = await db.Database.SqlQuery<int>($"""
                    SELECT count(*)::int AS "Value" FROM articles
                    WHERE ts_rank_cd(search_vector, {TsQuery(parse)}, 1) IS DISTINCT FROM ts_rank_cd(search_vector, {TsQuery(compact)}, 1)
                    """).SingleAsync(_ct);
                differ.ShouldBe(0, $"{q}: {parse} against {compact}");
                if (q != "per")
                    ranked.ShouldBeGreaterThan(0, q);
            }
        }
        // `trattato`'s parse in 29 configurations repeats `'trattato':*` and holds prefixes under `'trat':*`.
        SearchRankQuery.Compact((await db.Database.SqlQuery<NpgsqlTsQuery[]>($"SELECT articles_search_queries('trattato') AS \"Value\"")
            .SingleAsync(_ct))[0]).ToString().ShouldBe("'trat':*");
        compacted.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task A_Common_Word_In_Publication_Dates_Is_Walked_With_Its_Own_Language_Parse_As_The_Marked_Walk()
    {
        // Filtered on publication dates only, with the match set's read of every match off (SearchMatchSet serves these first when
        // q is rare enough, as it is on a table this small): the dates' rows walked in the order's index, q checked in each row's
        // own language, as the marked walk answers.
        LanguageWalkOff();
        var trashed = await AddArticlesAsync();
        string At(int minutes) => Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(-minutes).ToString("O"));
        string[] queries =
        [
            $"q=trattato&publishedBefore={At(300)}", $"q=trattato&publishedAfter={At(400)}&sort=-publishedAt&facets=language,tag",
            $"q=tratt&publishedAfter={At(500)}&publishedBefore={At(100)}&sort=publishedAt&total=true", $"q=trattato&publishedBefore={At(200)}&sort=title&facets=tag",
            $"q=per&publishedBefore={At(60)}",
        ];
        api.SetWindow("auto");
        api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.ModeSetting] = "off";
        try
        {
            foreach (var query in queries)
                foreach (var limit in new[] { 2, 20 })
                {
                    var url = $"/api/v1/articles?{query}&limit={limit}";
                    for (var page = 0; url is not null && page < 3; page++)
                    {
                        var (marked, ownId) = await MarkedAndOwnAsync(url);
                        // By title, the facets' newest matches are walked so (the page walks the title's index, the dates a filter).
                        api.Statements(ownId).ShouldContain(s => s.Contains(OwnMatch), url);
                        marked.ShouldNotContain("domani", customMessage: url);
                        marked.ShouldNotContain(trashed.ToString(), customMessage: url);
                        marked.ShouldContain(query.StartsWith("q=per") ? "The treaty" : "trattat", Case.Insensitive, url);
                        url = SearchParseApi.NextCursor(marked) is { } cursor ? $"/api/v1/articles?{query}&limit={limit}&cursor={Uri.EscapeDataString(cursor)}" : null;
                    }
                }
        }
        finally
        {
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.ModeSetting] = "auto";
        }
    }

    /// 200 Italian articles (the word in the title, in the body, in a plural, twice, or in one of ten not at all but `per`), 60 English ones (some
    /// naming the Italian word, each with `per`), 30 Spanish ones, and a scheduled, a draft and a trashed one; then ANALYZE.
    /// Once per class: the second test finds them in place. The trashed article's id.
    async Task<Guid> AddArticlesAsync()
    {
        await using (var db = api.Database.CreateContext())
            if (await db.Articles.FirstOrDefaultAsync(a => a.Title == "Trattato cestinato", _ct) is { } existing)
                return existing.Id;
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var articles = Enumerable.Range(0, 200).Select(i => (i % 10) switch
            {
                0 or 5 => Fakes.Article($"Il trattato di pace {i}", markdown: "Una notizia del vertice.", publishedAt: now.AddMinutes(-10 - 3 * i)),
                1 or 6 => Fakes.Article($"Vertice {i}", markdown: "Il trattato firmato ieri.", publishedAt: now.AddMinutes(-10 - 3 * i)),
                2 or 7 => Fakes.Article($"Negoziati {i}", markdown: "I trattati e il trattamento.", publishedAt: now.AddMinutes(-10 - 3 * i)),
                3 => Fakes.Article($"Notizie {i}", markdown: "Nulla per oggi.", publishedAt: now.AddMinutes(-10 - 3 * i)),
                _ => Fakes.Article($"Il trattato e il trattato {i}", markdown: "Il trattato di pace.", publishedAt: now.AddMinutes(-10 - 3 * i)),
            })
            .Concat(Enumerable.Range(0, 60).Select(i => Fakes.Article($"The treaty {i}", language: "en",
                markdown: i % 2 == 0 ? "A trattato was signed, per the report." : "Peace, per the report.", publishedAt: now.AddMinutes(-11 - 4 * i))))
            .Concat(Enumerable.Range(0, 30).Select(i => Fakes.Article($"El tratado {i}", language: "es", markdown: "Un trattato de paz.",
                publishedAt: now.AddMinutes(-12 - 5 * i))))
            .Append(Fakes.Article("Trattato domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)))
            .Append(Fakes.Article("Trattato in bozza", status: ArticleStatus.Draft))
            .Append(Fakes.Article("Trattato cestinato", publishedAt: now.AddMinutes(-1)))
            .ToList();
        await data.AddAsync(articles, _ct);
        var trashed = articles[^1].Id;
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == trashed).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }
        return trashed;
    }

    static Npgsql.NpgsqlParameter TsQuery(NpgsqlTsQuery query) => new() { NpgsqlDbType = NpgsqlDbType.TsQuery, Value = query };

    /// `sort=title` and `-updatedAt` of a common word walk each language apart when the language walk takes them
    /// (SearchLanguageWalkTests): off here, where the own walk is compared.
    void LanguageWalkOff() => api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchLanguageWalk.ModeSetting] = "off";

    /// `url` with the own walk off (the marked query, no own walk sent) and on, answering the same bytes: that answer, and the
    /// request id of the second.
    async Task<(string Answer, string OwnId)> MarkedAndOwnAsync(string url)
    {
        SetOwnWalk("off");
        var (marked, markedId) = await api.GetUncachedAsync(_client, url, _ct);
        api.Statements(markedId).ShouldNotContain(s => s.Contains(OwnMatch), url);
        SetOwnWalk("auto");
        var (own, ownId) = await api.GetUncachedAsync(_client, url, _ct);
        own.ShouldBe(marked, url);
        return (marked, ownId);
    }

    void SetOwnWalk(string mode) => api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchWindow.OwnWalkSetting] = mode;
}
