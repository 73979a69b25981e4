using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Articles;

/// SearchMatchSet (ADR 0034, "2026-12-06 evening, matchset"): a q rare in its own languages, in a request the RUM window does not
/// serve (filters, other sorts, a language filter with another sort), has every public match read first by each language's GIN
/// index, and the page, filters, order, cursor, total and facets applied to them answer what they answered on q itself.
/// A database of its own: the routing depends on its statistics.
public sealed class SearchMatchSetTests(SearchParseApi api) : IClassFixture<SearchParseApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_Rare_Word_With_Filters_Or_Another_Sort_Answers_From_Its_Matches_As_From_Q()
    {
        // 40 Italian articles (`della` in each, a stop word in Italian; `quelzar` in one in five), 30 English ones (`quelzar` in
        // one in six, `Della Robbia` in three), 5 Spanish with `quelzar`; two tags and authors; a scheduled, a draft and a trashed
        // one with `quelzar`.
        var (first, second) = (new ArticleData(api), new ArticleData(api));
        var now = DateTime.UtcNow;
        var italian = await first.AddAsync(Enumerable.Range(0, 40).Select(i => Fakes.Article($"Notizie della giornata {i}",
            markdown: i % 5 == 0 ? "Il quelzar della giornata." : "Il punto della situazione.", publishedAt: now.AddMinutes(-10 - 7 * i))).ToList(), _ct);
        await second.AddAsync(Enumerable.Range(0, 30).Select(i => Fakes.Article(i % 10 == 1 ? $"Della Robbia exhibit {i}" : $"Daily news {i}",
                language: "en", markdown: i % 6 == 0 ? "The quelzar report." : "A summary.", publishedAt: now.AddMinutes(-12 - 5 * i)))
            .Concat(Enumerable.Range(0, 5).Select(i => Fakes.Article($"El quelzar {i}", language: "es", markdown: "Un resumen.",
                publishedAt: now.AddMinutes(-14 - 20 * i))))
            .ToList(), _ct);
        var hidden = await first.AddAsync(
        [
            Fakes.Article("Quelzar domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)),
            Fakes.Article("Quelzar in bozza", status: ArticleStatus.Draft),
            Fakes.Article("Quelzar cestinato", publishedAt: now.AddMinutes(-1)),
        ], _ct);
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == hidden[2].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            // Changed after publication: `-updatedAt` orders otherwise than the dates.
            var touched = italian[5].Id;
            await db.Articles.Where(a => a.Id == touched).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }

        var after = Uri.EscapeDataString(now.AddMinutes(-60).ToString("O"));
        string[] queries =
        [
            $"q=quelzar&tag={first.Tag.Slug}", $"q=quelzar&author={second.Author.Slug}", "q=quelzar&sort=title", "q=quelzar&sort=publishedAt&total=true",
            "q=quelzar&sort=-updatedAt&facets=tag,language", $"q=quelzar&publishedAfter={after}&total=true", "q=quelzar&language=en&sort=title",
            "q=della&sort=publishedAt", $"q=quelz&tag={second.Tag.Slug}&total=true", $"q=quelzar&tag={first.Tag.Slug},{second.Tag.Slug}&facets=language,author",
            "q=quelzar",
        ];
        api.SetWindow("auto");
        api.SetCore("auto");
        // On a table this small the own walk and the language walk read few rows for any q: off, so this route is the one compared.
        api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchWindow.OwnWalkSetting] = "off";
        Set(global::Articles.List.SearchLanguageWalk.ModeSetting, "off");
        foreach (var query in queries)
            foreach (var limit in new[] { 2, 20 })
            {
                var url = $"/api/v1/articles?{query}&limit={limit}";
                SetMatchSet("off");
                var (before, beforeId) = await api.GetUncachedAsync(_client, url, _ct);
                ReadMatchSet(beforeId).ShouldBeFalse(url);
                SetMatchSet("auto");
                var (now2, id) = await api.GetUncachedAsync(_client, url, _ct);
                now2.ShouldBe(before, url);
                // The RUM window serves a search with no filter by relevance: not this route.
                ReadMatchSet(id).ShouldBe(query != "q=quelzar", url);
                // Filtered on tags or authors, q's few matches are read with the filter's keys: exactly the request's matches, so
                // the page reads the ids it can show (by relevance its window) and `total` is not counted again.
                if (query.Contains("tag=") || query.Contains("author="))
                {
                    api.Statements(id).ShouldContain(s => s.Contains("search_match_set") && s.Contains(global::Articles.List.SearchKeys.IndexedKeys + " &&"), url);
                    api.IdArrays(id).Single(s => s.Text.Contains("\"SearchBody\"")).Ids
                        .ShouldBeLessThanOrEqualTo(query.Contains("sort=") ? limit + 1 : global::Articles.List.Search.RelevanceWindow, url);
                    api.Statements(id).ShouldNotContain(s => s.TrimStart().StartsWith("SELECT count(*)") || s.Contains("search_keyed_count"), url);
                }

                foreach (var gone in new[] { "domani", "bozza", hidden[2].Id.ToString() })
                    before.ShouldNotContain(gone, customMessage: url);
                if (query.StartsWith("q=della"))
                {
                    before.ShouldNotContain("Notizie", customMessage: $"{url}: `della` is a stop word in Italian");
                    before.ShouldContain("Della Robbia", customMessage: url);
                }
                else
                    before.ShouldContain("quelzar", Case.Insensitive, url);

                if (SearchParseApi.NextCursor(before) is not { } cursor)
                    continue;
                var next = $"{url}&cursor={Uri.EscapeDataString(cursor)}";
                SetMatchSet("off");
                var (beforeNext, _) = await api.GetUncachedAsync(_client, next, _ct);
                SetMatchSet("auto");
                var (nextPage, _) = await api.GetUncachedAsync(_client, next, _ct);
                nextPage.ShouldBe(beforeNext, next);
                beforeNext.ShouldContain("\"id\"", customMessage: next);
            }
    }

    [Fact]
    public async Task A_Search_Filtered_On_Tags_Authors_Or_Sources_Intersects_Q_With_Their_Keys_As_Q_Itself_Answers()
    {
        var data = await FilteredAsync("vorbank");
        Set(global::Articles.List.SearchFilterWalk.ModeSetting, "off");
        await CompareAsync(data, global::Articles.List.SearchMatchSet.ModeSetting, "filtered", "search_match_set_filtered");
        await using (var db = api.Database.CreateContext())
            (await db.Database.SqlQueryRaw<int>("""
                SELECT count(*)::int AS "Value" FROM pg_stats WHERE tablename = 'article_search_postings' AND most_common_elems IS NOT NULL
                """).SingleAsync(_ct))
                .ShouldBe(1, "only the vector has element statistics: builds before the keys read them as one column's");
        await using (var db = api.Database.CreateContext())
            // The match set's read goes through `@@@` on this index's expression, which only GIN's operator class reads: it
            // intersects q's words, its prefixes, the keys and the publication days in one scan (SearchKeysTermsIndex,
            // SearchDatesInTermsIndex); it replaced the keys' own.
            (await db.Database.SqlQueryRaw<string>("""
                SELECT indexdef::text AS "Value" FROM pg_indexes WHERE tablename = 'article_search_postings' AND indexdef LIKE '%USING gin%'
                """).ToListAsync(_ct))
                .ShouldBe(["CREATE INDEX ix_article_search_postings_keys_dates_terms ON public.article_search_postings USING gin (array_remove(keys, NULL::uuid), article_search_dates(published_at), ((vector || article_search_prefixes(vector))))"]);

        // The keys follow the links: a tag taken off and one put on, a citation's source changed, an article unpublished.
        var (untagged, tagged, uncited, unpublished) = (data.Italian[2], data.Italian[7], data.Italian[5], data.Italian[4]);
        await using (var db = api.Database.CreateContext())
        {
            await db.ArticleTags.Where(x => x.ArticleId == untagged.Id && x.TagId == data.First.Tag.Id).ExecuteDeleteAsync(_ct);
            db.ArticleTags.Add(new ArticleTag { ArticleId = tagged.Id, TagId = data.First.Tag.Id });
            await db.SaveChangesAsync(_ct);
            var other = Fakes.Source();
            db.Sources.Add(other);
            await db.SaveChangesAsync(_ct);
            await db.Set<Citation>().Where(c => c.ArticleId == uncited.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.SourceId, other.Id), _ct);
            await db.Articles.Where(a => a.Id == unpublished.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Draft), _ct);
        }
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "filtered");
        var (byTag, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?q=vorbank&tag={data.First.Tag.Slug}&limit=100", _ct);
        byTag.ShouldNotContain(untagged.Slug);
        byTag.ShouldContain(tagged.Slug);
        byTag.ShouldNotContain(unpublished.Slug);
        var (bySource, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?q=vorbank&source={data.Source.Slug}&limit=100", _ct);
        bySource.ShouldNotContain(uncited.Slug);
        await CompareAsync(data, global::Articles.List.SearchMatchSet.ModeSetting, "filtered", "search_match_set_filtered");
    }

    [Fact]
    public async Task A_Filtered_Request_That_Needs_Every_Match_Reads_Twice_As_Many_As_One_The_Filter_Walk_Serves()
    {
        // The same q and tag, so the same estimate of their matches: `total` by title reads them (search_match_set_filtered; q's
        // alone past q's own matches) up to twice Search:MatchSetUpTo, a first page newest first (the filter walk's) up to the
        // setting itself. Swept over
        // doubling limits, the first reads at each limit exactly when the second reads at twice it, and both answer as with
        // the match set off.
        var data = await FilteredAsync("garvonte");
        var (every, walked) = ($"/api/v1/articles?q=garvonte&tag={data.First.Tag.Slug}&sort=title&total=true&limit=2",
            $"/api/v1/articles?q=garvonte&tag={data.First.Tag.Slug}&sort=-publishedAt&limit=2");
        var limits = Enumerable.Range(-10, 20).Select(i => Math.Pow(2, i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (readsEvery, readsWalked) = (new Dictionary<string, bool>(), new Dictionary<string, bool>());
        try
        {
            await RoutedAlikeAsync(every, global::Articles.List.SearchMatchSet.UpToSetting, limits, (upTo, id) =>
                readsEvery[upTo] = ReadMatchSet(id));
            await RoutedAlikeAsync(walked, global::Articles.List.SearchMatchSet.UpToSetting, limits, (upTo, id) =>
                readsWalked[upTo] = ReadMatchSet(id));
        }
        finally
        {
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.UpToSetting] = null;
        }
        for (var i = 0; i + 1 < limits.Length; i++)
            readsEvery[limits[i]].ShouldBe(readsWalked[limits[i + 1]], $"every match at {limits[i]}, walked at {limits[i + 1]}");
        limits.Count(l => readsEvery[l] && !readsWalked[l]).ShouldBe(1, "one limit between the estimate and half of it");
        readsWalked[limits[0]].ShouldBeFalse();
        readsWalked[limits[^1]].ShouldBeTrue();
    }

    [Fact]
    public async Task A_Common_Word_Among_A_Small_Filters_Articles_Is_Walked_Newest_First_As_Q_Itself_Answers()
    {
        var data = await FilteredAsync("zelmork");
        await using (var db = api.Database.CreateContext())
            (await db.Database.SqlQueryRaw<string>("SELECT indexname::text AS \"Value\" FROM pg_indexes WHERE tablename = 'article_search_postings'").ToListAsync(_ct))
                .ShouldContain("article_search_postings_keys_rum");
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "off");
        // The walk serves a page by relevance, newest or oldest first, and the facets in any order.
        var served = data with
        {
            Queries = [.. data.Queries.Select(q => !q.Contains("sort=") || q.Contains("sort=-publishedAt") || q.Contains("facets=") ? q : q + "&facets=tag"),
                $"q={data.Word}&author={data.First.Author.Slug}&sort=publishedAt"],
        };
        await CompareAsync(served, global::Articles.List.SearchFilterWalk.ModeSetting, "on", "search_filter_walk");
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "auto");
    }

    [Fact]
    public async Task A_Match_Set_Of_Exactly_The_Requests_Matches_Answers_Its_Pages_Total_And_Facets_From_Its_Dates_As_Q_Itself()
    {
        // 30 articles with `zendrovik` in one tag, published at five instants only (ties ordered by id, as PostgreSQL orders
        // uuids), in Italian and English, some opinions and some featured; a scheduled, a draft and a trashed one.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var instants = Enumerable.Range(0, 5).Select(i => now.AddMinutes(-10 - 10 * i)).ToArray();
        var articles = Enumerable.Range(0, 30).Select(i =>
        {
            var article = Fakes.Article($"Zendrovik {i}", language: i % 3 == 0 ? "en" : "it", markdown: "Il punto.", publishedAt: instants[i % 5]);
            (article.Kind, article.Featured) = (i % 4 == 0 ? ArticleKind.Opinion : ArticleKind.News, i % 7 == 0);
            return article;
        }).ToList();
        await data.AddAsync(articles, _ct);
        await AddHiddenAsync(data, "Zendrovik", instants[1], now);
        var (tag, author) = (data.Tag.Slug, data.Author.Slug);
        var from = Uri.EscapeDataString(instants[3].ToString("O"));
        string[] exact =
        [
            $"q=zendrovik&tag={tag}&sort=publishedAt&total=true&facets=tag,author,language,source",
            $"q=zendrovik&tag={tag}&sort=-publishedAt&total=true&facets=language", $"q=zendrovik&author={author}&language=it&total=true",
            $"q=zendrovik&tag={tag}&publishedAfter={from}&sort=publishedAt&total=true", $"q=zendr&tag={tag}&sort=-publishedAt&facets=author",
            $"q=zendrovik&tag={tag}&language=en&sort=publishedAt", $"q=zendrovik&tag={tag}&sort=-updatedAt&total=true&facets=author",
        ];
        string[] others =
        [
            $"q=zendrovik&tag={tag}&kind=news&sort=publishedAt&total=true&facets=tag", $"q=zendrovik&tag={tag}&featured=false&sort=-publishedAt&total=true",
            $"q=zendrovik&tag={tag}&updatedAfter={from}&sort=publishedAt", $"q=zendrovik&tag={tag}&sort=title&total=true&facets=language",
        ];
        await CompareEveryPageAsync(exact, others, "filtered", "search_match_set_filtered", "Zendrovik");
    }

    [Fact]
    public async Task A_Match_Set_By_Title_Or_Last_Change_Is_Sorted_Where_It_Is_Read_As_Q_Itself_Answers()
    {
        // Titles the database's collation orders (case, accents, digits, punctuation; not .NET's order), some equal (ties by
        // id); updates after publication, some at one instant; in Italian and English, some opinions.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        string[] titles = ["Tessaldra", "tessaldra e Tessaldra", "Tessaldra oggi", "Tessaldra 10", "Tessaldra 9", "«Tessaldra»", "Échec Tessaldra", "Zeta Tessaldra", "a Tessaldra", "Tessaldra"];
        var articles = Enumerable.Range(0, 26).Select(i =>
        {
            var article = Fakes.Article(titles[i % titles.Length], language: i % 3 == 0 ? "en" : "it", markdown: "Il punto.", publishedAt: now.AddMinutes(-10 - i % 6));
            article.Kind = i % 4 == 0 ? ArticleKind.Opinion : ArticleKind.News;
            return article;
        }).ToList();
        await data.AddAsync(articles, _ct);
        await using (var db = api.Database.CreateContext())
        {
            // The side table's copies follow a change of the update alone and of the title (its triggers).
            var touched = articles.Where((_, i) => i % 3 == 1).Select(a => a.Id).ToArray();
            await db.Articles.Where(a => touched.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now.AddMinutes(5)), _ct);
            await db.Articles.Where(a => a.Id == articles[3].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, now.AddMinutes(7)), _ct);
            await db.Articles.Where(a => a.Id == articles[4].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Aaa Tessaldra rinominato"), _ct);
            (await db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM article_search_postings AS d JOIN articles AS a ON a.id = d.article_id
                WHERE (d.title, d.updated_at) IS DISTINCT FROM (a.title, a.updated_at)
                """).SingleAsync(_ct)).ShouldBe(0);
        }
        await AddHiddenAsync(data, "Tessaldra", now.AddMinutes(-12), now);
        var (tag, author) = (data.Tag.Slug, data.Author.Slug);
        string[] exact =
        [
            $"q=tessaldra&tag={tag}&sort=title&total=true&facets=language", $"q=tessaldra&tag={tag}&sort=-updatedAt&total=true",
            $"q=tessald&author={author}&language=it&sort=title", $"q=tessaldra&author={author}&sort=-updatedAt&facets=author",
        ];
        string[] others = [$"q=tessaldra&tag={tag}&kind=news&sort=title&total=true", $"q=tessaldra&tag={tag}&kind=opinion&sort=-updatedAt"];
        await CompareEveryPageAsync(exact, others, "filtered", "search_match_set_filtered", "Tessaldra");
    }

    [Fact]
    public async Task A_Common_Word_In_Publication_Dates_Is_Read_From_Rum_Within_Them_As_Q_Itself_Answers()
    {
        // 24 articles with `morvalta` at eight instants, in Italian, English (some `en-GB`) and Spanish, some opinions; a scheduled, a draft and a
        // trashed one. The dates as RUM's index conditions (SearchDatedMatches), `mode=dated` whatever the estimates.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var instants = Enumerable.Range(0, 8).Select(i => now.AddMinutes(-10 - 10 * i)).ToArray();
        await data.AddAsync(Enumerable.Range(0, 24).Select(i =>
        {
            var article = Fakes.Article($"Morvalta {i}", language: i % 3 == 0 ? (i % 2 == 0 ? "en-GB" : "en") : i % 3 == 1 ? "it" : "es", markdown: "Il punto.",
                publishedAt: instants[i % 8]);
            article.Kind = i % 4 == 0 ? ArticleKind.Opinion : ArticleKind.News;
            return article;
        }).ToList(), _ct);
        await AddHiddenAsync(data, "Morvalta", instants[2], now);
        string At(int i) => Uri.EscapeDataString(instants[i].ToString("O"));
        var later = Uri.EscapeDataString(now.AddDays(2).ToString("O"));
        string[] exact =
        [
            $"q=morvalta&publishedAfter={At(5)}&total=true&facets=tag,language", $"q=morvalta&publishedBefore={At(2)}&sort=publishedAt&total=true",
            $"q=morval&publishedAfter={At(6)}&publishedBefore={At(1)}&sort=title&facets=author", $"q=morvalta&publishedBefore={later}&sort=-publishedAt&total=true",
            $"q=morvalta&publishedAfter={At(7)}&language=it&sort=-updatedAt&total=true",
            // English's configuration holds `en` and `en-GB`: the language itself is a condition of the read.
            $"q=morvalta&publishedAfter={At(7)}&language=en-GB&sort=publishedAt&total=true",
        ];
        string[] others = [$"q=morvalta&publishedAfter={At(6)}&kind=news&sort=publishedAt&total=true&facets=language"];
        await CompareEveryPageAsync(exact, others, "dated", "search_match_set_dated", "Morvalta");
        // The same matches from the terms' index, the dates checked on each row (SearchDatedMatches.Read.Terms).
        await CompareEveryPageAsync(exact, others, "datedterms", "search_match_set_dated_terms", "Morvalta");

        // Routed (`auto`, every match read first only past the match set's limit, lowered to 1): a relevance page alone in the dates
        // is read here when the date walk would read more rows than Search:DatedWalkReadsFrom, else it keeps the walk; both answer alike.
        var url = $"/api/v1/articles?q=morvalta&publishedAfter={At(6)}&limit=3";
        // 0, not 1: a word the statistics did not keep (another test's article of 10,000 random words crowds them) is guessed below 1.
        Set(global::Articles.List.SearchMatchSet.UpToSetting, "0");
        try
        {
            await RoutedAlikeAsync(url, global::Articles.List.SearchDatedMatches.WalkReadsFromSetting, ["1", "1000000"], (walkReadsFrom, id) =>
                ReadMatchSet(id).ShouldBe(walkReadsFrom == "1", $"{url} (walk reads from {walkReadsFrom})"));
            // RUM reads every lexeme's postings whatever q's operators: `punto morvalta` matches the 24, and 60 older articles
            // have `punto` only; past Search:DatedUpTo's postings (estimated as the rows with either) it keeps the walk (the core
            // without the prefixed last word, `punto`, has as many).
            await data.AddAsync(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Cronaca {i}", markdown: "Il punto.",
                publishedAt: now.AddDays(-2).AddMinutes(-i))).ToList(), _ct);
            await using (var db = api.Database.CreateContext())
                await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
            var and = $"/api/v1/articles?q=punto%20morvalta&publishedAfter={At(6)}&limit=3";
            Set(global::Articles.List.SearchDatedMatches.WalkReadsFromSetting, "1");
            await RoutedAlikeAsync(and, global::Articles.List.SearchDatedMatches.UpToSetting, ["1000", "40"], (upTo, id) =>
                ReadMatchSet(id).ShouldBe(upTo == "1000", $"{and} (postings up to {upTo})"));
            // Asked for `total` (not a relevance page alone) past that limit, q's core `punto` past it too: q's matches are read
            // from the terms' index, their dates checked on each row.
            var counted = $"/api/v1/articles?q=punto%20morvalta&publishedAfter={At(6)}&total=true&limit=3";
            await RoutedAlikeAsync(counted, global::Articles.List.SearchDatedMatches.UpToSetting, ["1000", "40"], (upTo, id) =>
            {
                ReadMatchSet(id).ShouldBeTrue(counted);
                api.Statements(id).Any(s => s.Contains("search_match_set_dated_terms")).ShouldBe(upTo == "40", $"{counted} (postings up to {upTo})");
            });
        }
        finally
        {
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchDatedMatches.UpToSetting] = null;
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.UpToSetting] = null;
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchDatedMatches.WalkReadsFromSetting] = null;
        }
    }

    [Fact]
    public async Task A_Q_In_Publication_Dates_Whose_Prefix_Is_Common_Is_Read_From_Rum_Through_Its_Core_As_Q_Itself_Answers()
    {
        // `zaltravo pun`: 20 articles with both words (Italian, English, Spanish), 6 with `zaltravo` alone (titled `serale`), 60
        // older ones with `punto` alone. RUM reads every lexeme's postings whatever q's operators: past Search:DatedUpTo's postings
        // (`zaltravo` or `pun:*`, ~86 rows) the dated read takes q's core, `zaltravo` (26 rows), and checks q on each of its rows.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 26).Select(i => Fakes.Article(i < 20 ? $"Zaltravo {i}" : $"Zaltravo serale {i}",
                language: i % 3 == 0 ? "en" : i % 3 == 1 ? "it" : "es", markdown: i < 20 ? "Il punto." : "Nessuna notizia.",
                publishedAt: now.AddMinutes(-10 - 5 * i)))
            .Concat(Enumerable.Range(0, 60).Select(i => Fakes.Article($"Cronaca {i}", markdown: "Il punto.", publishedAt: now.AddDays(-3).AddMinutes(-i))))
            .ToList(), _ct);
        await AddHiddenAsync(data, "Zaltravo punto", now.AddMinutes(-20), now);
        var from = Uri.EscapeDataString(now.AddMinutes(-100).ToString("O"));
        string[] queries =
        [
            $"q=zaltravo%20pun&publishedAfter={from}&limit=3", $"q=zaltravo%20pun&publishedAfter={from}&sort=title&limit=4&total=true&facets=language",
            $"q=xyzzy%20or%20zaltravo%20pun&publishedAfter={from}&language=it&sort=-updatedAt&limit=2&total=true",
        ];
        // 0, not 1: a word the statistics did not keep (another test's article of 10,000 random words crowds them) is guessed below 1.
        Set(global::Articles.List.SearchMatchSet.UpToSetting, "0");
        Set(global::Articles.List.SearchDatedMatches.WalkReadsFromSetting, "1");
        SetWalks("off");
        try
        {
            foreach (var query in queries)
                foreach (var (upTo, core) in new[] { ("50", true), ("5", false) })
                {
                    Set(global::Articles.List.SearchDatedMatches.UpToSetting, upTo);
                    (await ComparePagesAsync(query, "Zaltravo", ["serale", "Cronaca", "domani", "bozza", "cestinato"], (url, id, _) =>
                        api.Statements(id).Any(s => s.Contains("search_match_set_dated") && s.Contains("ts_match_vq")).ShouldBe(core, $"{url} (postings up to {upTo})")))
                        .ShouldBeGreaterThan(1, query);
                }
        }
        finally
        {
            foreach (var setting in new[] { global::Articles.List.SearchDatedMatches.UpToSetting, global::Articles.List.SearchMatchSet.UpToSetting,
                         global::Articles.List.SearchDatedMatches.WalkReadsFromSetting })
                api.Services.GetRequiredService<IConfiguration>()[setting] = null;
            SetWalks("auto");
        }
    }

    [Fact]
    public async Task A_Q_Past_The_Match_Sets_Limit_In_Another_Order_Has_Its_Matches_Read_First_As_Q_Itself_Answers()
    {
        // The planner walks `-updatedAt`, `title` or `publishedAt` checking q on each row, fast only where q is dense: past
        // Search:MatchSetUpTo (lowered to 1) and up to 50,000 estimated matches, the match set is read anyway, capped.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 18).Select(i =>
        {
            var article = Fakes.Article($"Zindrafel {i}", language: i % 3 == 0 ? "en" : "it", markdown: "Il punto.", publishedAt: now.AddMinutes(-10 - 4 * i));
            article.Kind = i % 6 == 0 ? ArticleKind.Opinion : ArticleKind.News;
            return article;
        }).ToList(), _ct);
        await AddHiddenAsync(data, "Zindrafel", now.AddMinutes(-30), now);
        string[] ordered = ["q=zindrafel&sort=title&limit=4", "q=zindrafel&sort=-updatedAt&limit=5&total=true&facets=language", "q=zindrafel&sort=publishedAt&language=en&limit=2"];
        // 0, not 1: a word the statistics did not keep (another test's article of 10,000 random words crowds them) is guessed below 1.
        Set(global::Articles.List.SearchMatchSet.UpToSetting, "0");
        Set(global::Articles.List.SearchWindow.OwnWalkSetting, "off");
        Set(global::Articles.List.SearchLanguageWalk.ModeSetting, "off");
        try
        {
            foreach (var query in ordered.Append("q=zindrafel&limit=4"))
                // By relevance the RUM window serves it, not this read.
                (await ComparePagesAsync(query, "Zindrafel", ["domani", "bozza", "cestinato"], (url, id, _) =>
                    api.Statements(id).Any(s => s.Contains("search_match_set_ordered")).ShouldBe(ordered.Contains(query), url)))
                    .ShouldBeGreaterThan(1, query);
            // Past its cap the read is lost; having applied every filter, it tells that `total` is past the exact limit: the
            // estimate is answered, as the count would have found, without counting. Not with a filter it did not apply (a
            // kind), nor when the exact limit is above the cap.
            // The exact limit and the cap under q's 18 matches, but not so far that the statistics alone would skip the count
            // (SearchTotal: an estimate past 3×, a floor past 1.5× the limit).
            Set(global::Articles.List.SearchMatchSet.CapSetting, "15");
            foreach (var (query, exactUpTo, counted) in new[] { ("q=zindrafel&sort=title&limit=4&total=true", "15", false),
                         ("q=zindrafel&sort=-updatedAt&limit=2&total=true", "14", false), ("q=zindrafel&sort=title&kind=opinion&limit=2&total=true", "15", true),
                         ("q=zindrafel&sort=title&limit=4&total=true", "100", true) })
            {
                Set(global::Articles.List.SearchTotal.ExactUpToSetting, exactUpTo);
                (await ComparePagesAsync(query, "Zindrafel", ["domani", "bozza", "cestinato"], (url, id, page) =>
                {
                    api.Statements(id).ShouldContain(s => s.Contains("search_match_set_ordered") && s.Contains("LIMIT"), url);
                    api.Statements(id).Any(s => s.Contains("search_keyed_count") || s.TrimStart().StartsWith("SELECT count(*)")).ShouldBe(counted, url);
                    page.ShouldMatch(query.Contains("opinion") ? "\"total\":3[,}]" : exactUpTo == "100" ? "\"total\":18[,}]" : "\"totalIsEstimate\":true", url);
                })).ShouldBeGreaterThan(1, query);
            }
        }
        finally
        {
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.CapSetting] = null;
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchTotal.ExactUpToSetting] = null;
            api.Services.GetRequiredService<IConfiguration>()[global::Articles.List.SearchMatchSet.UpToSetting] = null;
            Set(global::Articles.List.SearchWindow.OwnWalkSetting, "auto");
            Set(global::Articles.List.SearchLanguageWalk.ModeSetting, "auto");
        }
    }

    [Fact]
    public async Task A_Common_Q_In_A_Short_Span_Of_Dates_Has_Its_Matches_In_It_Read_From_The_Dates_Index_As_Q_Itself_Answers()
    {
        // January 2001: 24 articles with `quarvello` (Italian, English, Spanish; 12 in a tag of their own, one trashed, a draft),
        // 6 without it (`serale`); 2000: 200 with it. q's postings (~224) are more than the dates' 30 articles, and
        // Search:DatedUpTo (lowered to 5) keeps RUM's dated read away: q's matches in the dates (and the tag) are read from the
        // side table's index of keys, dates and terms, the dates as its days and blocks.
        var (tagged, others) = (new ArticleData(api), new ArticleData(api));
        var january = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        string Language(int i) => i % 3 == 0 ? "en" : i % 3 == 1 ? "it" : "es";
        var inTag = await tagged.AddAsync(Enumerable.Range(0, 12).Select(i => Fakes.Article($"Quarvello {i}", language: Language(i),
            markdown: "Il punto.", publishedAt: january.AddHours(5 + 17 * i))).ToList(), _ct);
        await others.AddAsync(Enumerable.Range(12, 18).Select(i => Fakes.Article(i < 24 ? $"Quarvello {i}" : $"Serale {i}", language: Language(i),
                markdown: "Il punto.", publishedAt: january.AddHours(5 + 17 * i)))
            .Concat(Enumerable.Range(0, 200).Select(i => Fakes.Article($"Quarvello cronaca {i}", markdown: "Il punto.",
                publishedAt: january.AddYears(-1).AddHours(i))))
            .ToList(), _ct);
        await AddHiddenAsync(others, "Quarvello", january.AddDays(9), DateTime.UtcNow);
        await using (var db = api.Database.CreateContext())
        {
            // Changed after publication, some the same instant: `-updatedAt` orders otherwise than the dates, ties by id.
            var touched = inTag.Where((_, i) => i % 4 == 1).Select(a => a.Id).ToArray();
            await db.Articles.Where(a => touched.Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, january.AddYears(3)), _ct);
        }
        var dates = "publishedAfter=2001-01-01T00:00:00Z&publishedBefore=2001-02-01T00:00:00Z";
        string[] exact = [$"q=quarvello&{dates}&sort=-updatedAt&limit=4&total=true&facets=language", $"q=quarvello&{dates}&language=it&sort=-updatedAt&limit=2",
            $"q=quarvello&{dates}&tag={tagged.Tag.Slug}&sort=-updatedAt&limit=3&total=true"];
        string[] scanned = [.. exact, $"q=quarvello&{dates}&sort=title&limit=5&total=true", $"q=quarvello&{dates}&limit=4&total=true"];
        // Not this read's: a page by relevance alone (the date walk stops at its window), a request without dates.
        string[] notScanned = [$"q=quarvello&{dates}&limit=4", "q=quarvello&sort=-updatedAt&limit=60&total=true"];
        Set(global::Articles.List.SearchMatchSet.UpToSetting, "0");
        Set(global::Articles.List.SearchDatedMatches.UpToSetting, "5");
        SetWalks("off");
        try
        {
            foreach (var query in scanned.Concat(notScanned))
                (await ComparePagesAsync(query, "Quarvello", query.Contains(dates) ? ["Serale", "cronaca", "bozza", "cestinato"] : ["Serale", "bozza"], (url, id, _) =>
                {
                    api.Statements(id).Any(s => s.Contains("search_dated_span") && s.Contains("article_search_dates(d.published_at) &&"))
                        .ShouldBe(scanned.Contains(query), url);
                    // Exactly the request's matches, read with their updates: the page reads the ids it shows, none counted.
                    if (!exact.Contains(query))
                        return;
                    api.IdArrays(id).Single(s => s.Text.Contains("\"SearchBody\"")).Ids
                        .ShouldBeLessThanOrEqualTo(int.Parse(Regex.Match(query, "limit=([0-9]+)").Groups[1].Value) + 1, url);
                    api.Statements(id).ShouldNotContain(s => s.TrimStart().StartsWith("SELECT count(*)"), url);
                }, mode: "span")).ShouldBeGreaterThan(query.Contains("limit=60") ? 0 : 1, query);
            // Routed so by the estimates, where no route before it serves: `total` by relevance, and a tag (the match set's
            // ordered read takes the others).
            foreach (var query in new[] { scanned[2], scanned[4] })
                await ComparePagesAsync(query, "Quarvello", ["Serale", "cronaca"], (url, id, _) =>
                    api.Statements(id).ShouldContain(s => s.Contains("search_dated_span"), url));
        }
        finally
        {
            foreach (var setting in new[] { global::Articles.List.SearchDatedMatches.UpToSetting, global::Articles.List.SearchMatchSet.UpToSetting })
                api.Services.GetRequiredService<IConfiguration>()[setting] = null;
            SetWalks("auto");
        }
    }

    [Fact]
    public async Task The_Dates_Index_Entries_Cover_Exactly_The_Days_Of_A_Span_As_PostgreSQL_Counts_Them()
    {
        // A day and its blocks as the index computes them (article_search_dates), against SearchDates.Day: at midnight, a
        // microsecond before it, before 1970 (floors, not truncations) and far from it.
        DateTime[] instants =
        [
            new(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10),
            new(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc), new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), new(1850, 3, 1, 12, 0, 0, DateTimeKind.Utc),
            new(2001, 1, 31, 23, 59, 59, 999, DateTimeKind.Utc), new(2212, 8, 9, 6, 30, 0, DateTimeKind.Utc),
        ];
        await using (var db = api.Database.CreateContext())
            foreach (var at in instants)
            {
                var day = global::Articles.List.SearchDates.Day(at);
                (await db.Database.SqlQuery<int[]>($"SELECT article_search_dates({at}) AS \"Value\"").SingleAsync(_ct))
                    .ShouldBe([(int)day, 1_000_000_000 + (int)(day >> 5), -1_000_000_000 + (int)(day >> 10)], at.ToString("O"));
            }
        // The entries only for a span of at most 64 days or half the public articles' days, and a q with more matches than 5 % of
        // the span's share of the rows (else its rows are read and their dates checked).
        var (now, oldest) = (new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc), new DateTime(2021, 12, 7, 0, 0, 0, DateTimeKind.Utc));
        string Condition(string span, double matches) => global::Articles.List.SearchDates.Condition(new global::Articles.List.StatementValues(),
            new global::Articles.List.ArticleQuery(null, [], [], [], null, span == "recent" ? now.AddDays(-30) : span == "wide" ? now.AddYears(-4) : null,
                span == "old" ? oldest.AddYears(2) : null, global::Articles.List.ArticleSort.Relevance, new HashSet<ArticleStatus>()), now, oldest, matches, 1_000_000);
        Condition("recent", 1_000).ShouldContain("article_search_dates(d.published_at) &&");
        Condition("old", 25_000).ShouldContain("article_search_dates(d.published_at) &&");
        Condition("old", 15_000).ShouldBe("", "fewer matches than 5 % of the 40 % of the rows in the span");
        Condition("recent", 700).ShouldBe("", "fewer matches than 5 % of the 1.6 % of the rows in the span");
        Condition("wide", 1_000_000).ShouldBe("", "80 % of the days");
        Condition("none", 1_000_000).ShouldBe("", "no dates");

        // Any span's entries are its days exactly, each once: a long block is 1,024 days from a multiple of 1,024, a short one 32.
        var random = new Random(7);
        foreach (var (first, last) in new (long, long)[] { (0, 0), (5, 4), (-40, 40), (20758, 20794), (18968, 18992), (-25567, 20794), (1024, 2047), (1023, 2048) }
            .Concat(Enumerable.Range(0, 200).Select(_ => random.NextInt64(-30000, 30000)).Select(f => (f, f + random.NextInt64(-1, 5000)))))
        {
            var entries = global::Articles.List.SearchDates.Covering(first, last);
            var days = entries.SelectMany(e => e > 500_000_000 ? Enumerable.Range(0, 32).Select(i => ((long)(e - 1_000_000_000) << 5) + i)
                : e < -500_000_000 ? Enumerable.Range(0, 1024).Select(i => ((long)(e + 1_000_000_000) << 10) + i) : [(long)e]).ToList();
            days.ShouldBe(Enumerable.Range(0, (int)Math.Max(0, last - first + 1)).Select(i => first + i).ToList(), $"{first}..{last}");
            entries.Length.ShouldBeLessThanOrEqualTo(4 * 31 + (int)Math.Max(0, last - first + 1) / 1024, $"{first}..{last}");
        }
    }

    /// `url` with Search:MatchSet off, then routed (`auto`) with `setting` at each of `values`: the same answer each time; `check`
    /// given the value and the routed request's id.
    async Task RoutedAlikeAsync(string url, string setting, string[] values, Action<string, string> check)
    {
        SetMatchSet("off");
        var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
        SetMatchSet("auto");
        foreach (var value in values)
        {
            Set(setting, value);
            var (routed, id) = await api.GetUncachedAsync(_client, url, _ct);
            routed.ShouldBe(before, $"{url} ({setting}: {value})");
            check(value, id);
        }
    }

    /// Every page of `query` (its cursors followed) with Search:MatchSet off and at `mode`, byte for byte: `word` on each, none of
    /// `gone`; `check` given each page's URL, the routed request's id and the page. How many pages.
    async Task<int> ComparePagesAsync(string query, string word, string[] gone, Action<string, string, string> check, string mode = "auto")
    {
        var url = $"/api/v1/articles?{query}";
        var pages = 0;
        while (url is not null)
        {
            SetMatchSet("off");
            var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
            SetMatchSet(mode);
            var (routed, id) = await api.GetUncachedAsync(_client, url, _ct);
            SetMatchSet("auto");
            routed.ShouldBe(before, url);
            before.ShouldContain(word, Case.Sensitive, url);
            foreach (var absent in gone)
                before.ShouldNotContain(absent, Case.Insensitive, url);
            check(url, id, before);
            url = SearchParseApi.NextCursor(before) is { } cursor ? $"/api/v1/articles?{query}&cursor={Uri.EscapeDataString(cursor)}" : null;
            pages++;
        }
        return pages;
    }

    /// `word` in a scheduled article, a draft and one published at `published` then trashed; the tables analysed.
    async Task AddHiddenAsync(ArticleData data, string word, DateTime published, DateTime now)
    {
        await data.AddHiddenAsync(word, published, now, _ct);
        await using var db = api.Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
    }

    /// Each query with limits 2 and 7, every page of it, Search:MatchSet at `mode` against `off`, byte for byte, with the walks
    /// off; `statement` (the route's name in its SQL) sent with `mode`. For the `exact` queries (the match set holds exactly their
    /// matches, SearchMatchPage) the page reads the ids it can show and no count is sent.
    async Task CompareEveryPageAsync(string[] exact, string[] others, string mode, string statement, string word)
    {
        SetWalks("off");
        try
        {
            foreach (var query in exact.Concat(others))
                foreach (var limit in new[] { 2, 7 })
                    (await ComparePagesAsync($"{query}&limit={limit}", word, ["domani", "bozza", "cestinato"], (url, id, page) =>
                    {
                        api.Statements(id).ShouldContain(s => s.Contains(statement), url);
                        if (!exact.Contains(query))
                            return;
                        // The page reads the ids it can show (by relevance its window; the facets the newest Facets.Window + 1), the
                        // total none: in a date order, by updates or by title, `limit + 1`.
                        var read = api.IdArrays(id).Single(s => s.Text.Contains("\"SearchBody\""));
                        read.Ids.ShouldBeLessThanOrEqualTo(query.Contains("sort=") ? limit + 1 : global::Articles.List.Search.RelevanceWindow, url);
                        api.Statements(id).ShouldNotContain(s => s.TrimStart().StartsWith("SELECT count(*)"), url);
                    }, mode)).ShouldBeGreaterThan(limit == 2 ? 1 : 0, query);
        }
        finally
        {
            SetMatchSet("auto");
            SetWalks("auto");
        }
    }

    [Fact]
    public async Task A_Q_Whose_Last_Word_Is_One_Or_Two_Letters_Is_Read_From_Its_Other_Words_As_Q_Itself_Answers()
    {
        // English `ins` stems to `in`, shorter than the prefixes the terms' index holds: GIN would merge every lexeme it starts
        // (Italian `ins`, kept, is one entry of the index). With q's core chosen
        // (Search:PrefixCore `on`; at 1M when the core is rare and the prefixes common), the index reads q's other words and q
        // is checked on each row, for the match set and for the count.
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        await data.AddAsync(Enumerable.Range(0, 24).Select(i => (i % 4) switch
            {
                0 => Fakes.Article($"Velmorath inside {i}", language: "en", markdown: "The point.", publishedAt: now.AddMinutes(-10 - i)),
                1 => Fakes.Article($"Velmorath interview {i}", language: "en", markdown: "The point.", publishedAt: now.AddMinutes(-10 - i)),
                2 => Fakes.Article($"Velmorath peace {i}", language: "en", markdown: "The point.", publishedAt: now.AddMinutes(-10 - i)),
                _ => Fakes.Article($"Velmorath insieme {i}", markdown: "Il punto.", publishedAt: now.AddMinutes(-10 - i)),
            }).ToList(), _ct);
        await AddHiddenAsync(data, "Velmorath", now.AddMinutes(-5), now);
        string[] queries =
        [
            "q=velmorath%20ins&sort=title&total=true", $"q=velmorath%20ins&tag={data.Tag.Slug}&sort=-updatedAt&total=true",
            "q=velmorath%20ins&sort=publishedAt&limit=3", "q=velmorath%20ins&language=en&sort=title&total=true", "q=velmorath%20or%20ins&sort=title",
        ];
        Set(global::Articles.List.SearchCore.ModeSetting, "on");
        SetWalks("off");
        try
        {
            foreach (var query in queries)
                (await ComparePagesAsync(query, "Velmorath", ["bozza", "cestinato"], (url, id, _) =>
                {
                    // `velmorath or ins` has no core: `ins` alone is a match.
                    var readFirst = !query.Contains("%20or%20");
                    api.Statements(id).Where(s => s.Contains("search_match_set") || s.Contains("search_keyed_count"))
                        .ShouldAllBe(s => Regex.IsMatch(s, "@@@ @p[0-9]+ AND ts_match_vq\\(d\\.vector") == readFirst, url);
                    api.Statements(id).ShouldContain(s => s.Contains("search_match_set"), url);
                })).ShouldBeGreaterThan(0, query);
        }
        finally
        {
            Set(global::Articles.List.SearchCore.ModeSetting, "auto");
            SetWalks("auto");
        }
    }

    [Fact]
    public async Task An_Article_Too_Varied_For_Its_Prefixes_Is_Still_Found_By_A_Prefix()
    {
        // 10,000 random words: the vector and its prefixes would pass a tsvector's 1 MB, so the index holds a marker instead.
        var random = new Random(11);
        string Word() => new([.. Enumerable.Range(0, 9).Select(_ => (char)('a' + random.Next(26)))]);
        var data = new ArticleData(api);
        var now = DateTime.UtcNow;
        var huge = (await data.AddAsync(Fakes.Article("Vexorpa grande", markdown: "Il vexorpa del giorno. " + string.Join(' ', Enumerable.Range(0, 10_000).Select(_ => Word())),
            publishedAt: now.AddMinutes(-3)), _ct));
        await data.AddAsync([Fakes.Article("Vexorpa piccola", markdown: "Il vexorpa.", publishedAt: now.AddMinutes(-4)),
            Fakes.Article("Altro", markdown: "Niente.", publishedAt: now.AddMinutes(-5))], _ct);
        await using (var db = api.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
            (await db.Database.SqlQueryRaw<string>("SELECT article_search_prefixes(vector)::text AS \"Value\" FROM article_search_postings WHERE article_id = {0}", huge.Id)
                .SingleAsync(_ct)).ShouldBe("'prefixes omitted'");
        }
        // The windows and walks off: the match set or today's path.
        api.SetWindow("off");
        foreach (var (query, route) in new[] { ("q=vexor&sort=title", "search_match_set"), ("q=vexor&tag=" + data.Tag.Slug + "&sort=-updatedAt", "search_match_set"),
                     ("q=vexor&sort=title&total=true&limit=1", "search_keyed_count") })
        {
            var url = $"/api/v1/articles?{query}";
            Set(global::Articles.List.SearchMatchSet.ModeSetting, "off");
            Set(global::Articles.List.SearchKeyedCount.ModeSetting, "off");
            var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
            Set(global::Articles.List.SearchMatchSet.ModeSetting, route == "search_match_set" ? "auto" : "off");
            Set(global::Articles.List.SearchKeyedCount.ModeSetting, "auto");
            var (after, id) = await api.GetUncachedAsync(_client, url, _ct);
            after.ShouldBe(before, url);
            api.Statements(id).ShouldContain(s => s.Contains(route), url);
            api.Statements(id).ShouldContain(s => s.Contains("search_terms_omitted"), url);
        }
        var (page, _) = await api.GetUncachedAsync(_client, "/api/v1/articles?q=vexor&sort=title", _ct);
        page.ShouldContain(huge.Slug);
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "auto");
        api.SetWindow("auto");
    }

    [Fact]
    public async Task A_Total_Counted_On_The_Side_Tables_Terms_Equals_The_Count_Of_Q_Itself()
    {
        var data = await FilteredAsync("quorvex");
        // The windows, the match set and the walk off: the count is either the keyed count or today's, on the same page.
        api.SetWindow("off");
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "off");
        Set(global::Articles.List.SearchFilterWalk.ModeSetting, "off");
        var word = data.Word;
        // The oldest public article (1999): a span from it is wide, left to the exact conditions (SearchDates.WideFrom).
        await data.First.AddAsync([Fakes.Article("Cronaca antica", markdown: "Il punto.", publishedAt: new DateTime(1999, 5, 1, 0, 0, 0, DateTimeKind.Utc))], _ct);
        static string At(double hours) => Uri.EscapeDataString(DateTime.UtcNow.AddHours(hours).ToString("O"));
        string[] counted =
        [
            $"q={word}&sort=title", $"q={word[..5]}&sort=-updatedAt", $"q={word}&language=en&sort=title",
            $"q={word}&tag={data.First.Tag.Slug}&sort=publishedAt", $"q={word}&author={data.Second.Author.Slug}&source={data.Source.Slug}&sort=title",
            $"q={word} or cronaca&language=it&sort=title",
            // Publication dates: the index's days and blocks, the exact instants checked on each row.
            $"q={word}&publishedAfter={At(-2)}&sort=title", $"q={word[..5]}&publishedBefore={At(-1.5)}&language=it&sort=-updatedAt",
            $"q={word}&publishedAfter={At(-3)}&publishedBefore={At(-1)}&tag={data.First.Tag.Slug}&sort=publishedAt",
        ];
        string[] declined = [$"q={word}&featured=false&sort=title", $"q={word}&tag=no-such-tag", $"q={word}&updatedAfter={At(-2)}&sort=title"];
        foreach (var exactUpTo in new[] { 10_000, 5 })
            foreach (var query in counted.Concat(declined))
            {
                var url = $"/api/v1/articles?{query}&limit=2&total=true";
                Set(global::Articles.List.SearchKeyedCount.ModeSetting, "off");
                Set(global::Articles.List.SearchTotal.ExactUpToSetting, "10000");
                var matches = Total((await api.GetUncachedAsync(_client, url, _ct)).Body).Count;
                Set(global::Articles.List.SearchTotal.ExactUpToSetting, exactUpTo.ToString());
                var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
                Set(global::Articles.List.SearchKeyedCount.ModeSetting, "auto");
                var (after, id) = await api.GetUncachedAsync(_client, url, _ct);
                JsonNode.Parse(after)!["data"]!.ToJsonString().ShouldBe(JsonNode.Parse(before)!["data"]!.ToJsonString(), url);
                // Exact up to the limit, an estimate beyond (as the contract says; today's count took the planner's word when
                // it estimated more: 5 matches answered as an estimate with the limit at 5).
                var (total, isEstimate) = Total(after);
                (isEstimate ? matches > exactUpTo : total == matches && matches <= exactUpTo).ShouldBeTrue($"{url}: {total} {isEstimate}, {matches} matches");
                if (!Total(before).Estimated)
                    total.ShouldBe(matches, url);
                // Past three times the exact limit (as estimated) nothing is counted.
                if (exactUpTo == 10_000)
                    api.Statements(id).Any(s => s.Contains("search_keyed_count")
                        && s.Contains("article_search_dates(d.published_at) &&") == query.Contains("publishedAfter=")).ShouldBe(counted.Contains(query), url);
            }
        Set(global::Articles.List.SearchTotal.ExactUpToSetting, "5");
        // Past the exact limit, flagged as an estimate either way.
        var (estimated, _) = await api.GetUncachedAsync(_client, $"/api/v1/articles?q={word}&sort=title&limit=2&total=true", _ct);
        estimated.ShouldContain("\"totalIsEstimate\":true");
        Set(global::Articles.List.SearchTotal.ExactUpToSetting, "10000");
        api.SetWindow("auto");
        Set(global::Articles.List.SearchMatchSet.ModeSetting, "auto");
        Set(global::Articles.List.SearchFilterWalk.ModeSetting, "auto");
    }

    /// 36 Italian articles (`word` in two of three), 12 English (`word` in half); two tags and authors, a source cited by one in
    /// four; a scheduled, a draft and a trashed one with `word` in the first tag. Queries: tags, authors, sources alone and together,
    /// with a language, a prefix, dates, each order, `total` and facets.
    async Task<Filtered> FilteredAsync(string word)
    {
        var (first, second) = (new ArticleData(api), new ArticleData(api));
        var source = Fakes.Source();
        await using (var db = api.Database.CreateContext())
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync(_ct);
        }
        var now = DateTime.UtcNow;
        Article Written(int i, string language) => Fakes.Article(language == "it" ? $"Cronaca {i}" : $"Report {i}", language: language,
            markdown: i % 3 != 0 || language == "en" && i % 2 == 0 ? $"Il {word} del giorno." : "Il punto.", publishedAt: now.AddMinutes(-10 - 7 * i));
        var italian = Enumerable.Range(0, 36).Select(i => Written(i, "it")).ToList();
        var english = Enumerable.Range(0, 12).Select(i => Written(i, "en")).ToList();
        foreach (var (article, i) in italian.Concat(english).Select((a, i) => (a, i)).Where(x => x.i % 4 == 1))
            article.Citations.Add(new Citation { SourceId = source.Id, Claim = $"Fonte {i}", Position = 0 });
        await first.AddAsync([.. italian.Where((_, i) => i % 2 == 0), .. english.Take(6)], _ct);
        await second.AddAsync([.. italian.Where((_, i) => i % 2 == 1), .. english.Skip(6)], _ct);
        var hidden = await first.AddAsync(
        [
            Fakes.Article($"{word} domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)),
            Fakes.Article($"{word} in bozza", status: ArticleStatus.Draft),
            Fakes.Article($"{word} cestinato", publishedAt: now.AddMinutes(-1)),
        ], _ct);
        await using (var db = api.Database.CreateContext())
        {
            await db.Articles.Where(a => a.Id == hidden[2].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), _ct);
            await db.Database.ExecuteSqlRawAsync("ANALYZE articles, article_search_postings", _ct);
        }
        var before = Uri.EscapeDataString(now.AddMinutes(-100).ToString("O"));
        string[] queries =
        [
            $"q={word}&tag={first.Tag.Slug}", $"q={word}&author={second.Author.Slug}&total=true", $"q={word}&source={source.Slug}&facets=tag,author",
            $"q={word}&tag={first.Tag.Slug},{second.Tag.Slug}&author={first.Author.Slug}&sort=title&facets=language",
            $"q={word[..4]}&tag={second.Tag.Slug}&language=it&total=true", $"q={word}&tag={first.Tag.Slug}&language=en",
            $"q={word}&tag={first.Tag.Slug}&publishedBefore={before}&sort=publishedAt&facets=tag", $"q={word}&tag={first.Tag.Slug}&source={source.Slug}&sort=-updatedAt",
            $"q={word}&author={first.Author.Slug}&sort=-publishedAt",
        ];
        api.SetWindow("auto");
        api.SetCore("auto");
        Set(global::Articles.List.SearchWindow.OwnWalkSetting, "off");
        return new Filtered(first, second, source, italian, queries, word);
    }

    sealed record Filtered(ArticleData First, ArticleData Second, Source Source, List<Article> Italian, string[] Queries, string Word);

    /// Each query with limits 2 and 20 and its next page, `setting` at `mode` against `off`, byte for byte; `statement` (the
    /// route's name in its SQL) sent with `mode` when the first page does not hold every match.
    async Task CompareAsync(Filtered data, string setting, string mode, string statement)
    {
        foreach (var query in data.Queries)
            foreach (var limit in new[] { 2, 20 })
            {
                var url = $"/api/v1/articles?{query}&limit={limit}";
                Set(setting, "off");
                var (before, _) = await api.GetUncachedAsync(_client, url, _ct);
                Set(setting, mode);
                var (routed, id) = await api.GetUncachedAsync(_client, url, _ct);
                routed.ShouldBe(before, url);
                // A first page that holds every match has its facets count the page's rows: no route is asked for them.
                if (SearchParseApi.NextCursor(before) is not null)
                    api.Statements(id).ShouldContain(s => s.Contains(statement), url);
                foreach (var gone in new[] { "domani", "bozza", "cestinato" })
                    before.ShouldNotContain(gone, Case.Insensitive, url);
                before.ShouldContain(data.Word, Case.Insensitive, url);
                if (SearchParseApi.NextCursor(before) is not { } cursor)
                    continue;
                var next = $"{url}&cursor={Uri.EscapeDataString(cursor)}";
                Set(setting, "off");
                var (beforeNext, _) = await api.GetUncachedAsync(_client, next, _ct);
                Set(setting, mode);
                var (nextPage, _) = await api.GetUncachedAsync(_client, next, _ct);
                nextPage.ShouldBe(beforeNext, next);
            }
        Set(setting, "auto");
    }

    /// `meta.total` and `meta.totalIsEstimate` of an answer.
    static (int Count, bool Estimated) Total(string body)
    {
        var meta = JsonNode.Parse(body)!["meta"]!;
        return ((int)meta["total"]!, meta["totalIsEstimate"] is { } flag && (bool)flag);
    }

    void Set(string setting, string mode) => api.Services.GetRequiredService<IConfiguration>()[setting] = mode;

    void SetMatchSet(string mode) => Set(global::Articles.List.SearchMatchSet.ModeSetting, mode);

    /// The walks that would serve a small table's requests first (the filter's, the own and the language walks) `off`, or `auto`.
    void SetWalks(string mode)
    {
        Set(global::Articles.List.SearchFilterWalk.ModeSetting, mode);
        Set(global::Articles.List.SearchWindow.OwnWalkSetting, mode);
        Set(global::Articles.List.SearchLanguageWalk.ModeSetting, mode);
    }

    /// Whether the request read every match of q first (its statement names the route).
    bool ReadMatchSet(string id) =>
        api.Statements(id).Any(s => s.Contains("search_match_set"));
}
