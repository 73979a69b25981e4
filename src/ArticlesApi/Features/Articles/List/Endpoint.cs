using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// GET /api/v1/articles: three SQL commands whatever the page size (the page, its authors, its
/// tags), plus one to parse q (with the search routers' catalog; none for a q parsed before, Search.Parses), one per kind of slug filter (tag, author, source: their ids, so the plan sees how
/// common they are) and a count when total=true. Searches and filtered lists are planned for their
/// values (CustomPlans).
sealed class Endpoint(CursorCodec cursors, CustomPlans customPlans, TimeProvider time, IConfiguration configuration) : Endpoint<Request, ArticleSummaryList>
{
    public override void Configure()
    {
        Get("/articles");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Options(o => o.WithMetadata(new ArticlesApi.Infrastructure.RateLimiting.RequestCost(10, WhenGiven: "q")
        {
            // Measured (bench/studies/search-facets-1m): the four facets of a search read about 1.2× the buffers of its page.
            PerValue = new(nameof(Request.Facets).ToLowerInvariant(), Facets.Permits),
        }));
        Description(b => b
            .Produces<ArticleSummaryList>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List or search articles";
            s.Description =
                "Article summaries (no body) with their authors and tags, newest first. `q` searches in each article's " +
                "own language (stemming, accents folded), ranks title matches above body matches and adds a `highlight` " +
                $"snippet with the matched words in `<mark>`, taken from the title, subtitle and a passage of the body around the first place a searched word occurs. " +
                $"When a search finds fewer than {DidYouMean.FewMatches} articles, `meta.didYouMean` may hold q with its misspelt words corrected " +
                "from the words of published articles (in the `language` filtered on), only when the corrected q finds at least one article of this list. " +
                $"A search that runs out of its time budget answers q's matches among the {SearchBudget.FallbackNewest:N0} newest articles of the list only, " +
                "with `meta.incompleteResults: true`, `total` an estimate and facets approximate. Keyset pagination: follow `meta.nextCursor` or the " +
                "`Link: rel=\"next\"` header; a cursor is valid only with the sort and filters that produced it. " +
                "Any invalid parameter answers 400 naming it.";
            s.RequestParam(r => r.Q, "Full-text search (websearch syntax: words, `or`, \"exact phrase\", -exclude). " + SearchLimits.Description +
                " Beyond a limit the answer is 400 naming `q` and the limit.");
            s.RequestParam(r => r.Tag, "Tag slug; a comma list means any of them.");
            s.RequestParam(r => r.Author, "Author slug; a comma list means any of them.");
            s.RequestParam(r => r.Source, "Source slug (articles citing it); a comma list means any of them.");
            s.RequestParam(r => r.Language, "BCP 47 language tag; `pt` also matches `pt-BR`.");
            s.RequestParam(r => r.PublishedAfter, "Published at or after (ISO 8601; UTC unless an offset is given).");
            s.RequestParam(r => r.PublishedBefore, "Published strictly before (ISO 8601; UTC unless an offset is given).");
            s.RequestParam(r => r.UpdatedAfter, "Last changed at or after this instant (inclusive; an RFC 3339 date-time with `Z` or an offset, " +
                "such as a `updatedAt` read before): an app's \"changes since\". With `sort=-updatedAt` the newest changes come first. " +
                "Articles unpublished or moved to the trash meanwhile are not listed: they are gone, not changed.");
            s.RequestParam(r => r.UpdatedBefore, "Last changed strictly before this instant (exclusive; RFC 3339 date-time). " +
                "With `updatedAfter`, it must be later.");
            s.RequestParam(r => r.Status!, "Comma list of `published` (default), `scheduled`, `draft`, `archived`, or `any`; with `trashed`, " +
                "the trash (in the other statuses given, all when `trashed` is alone), for those who may restore from it. Anything but `published` needs an API key: editors and admins see every " +
                "article, authors and contributors their own. Archived articles are out of public reads and lists (as drafts are) until published again.");
            s.RequestParam(r => r.Kind!, "Type of work: `news`, `analysis`, `opinion`, `background`, `factCheck`, `sponsored`; a comma list means any of them.");
            s.RequestParam(r => r.Featured!, "`true`: only featured articles; `false`: only the others.");
            s.RequestParam(r => r.TranslationOf!, "An article's id or slug: the other articles of its translation group (the same story in " +
                "other languages). An article the caller cannot read has none.");
            s.RequestParam(r => r.Sort, "`-publishedAt` (default), `publishedAt`, `-updatedAt`, `title`, or `relevance` (default when `q` is given). " +
                $"`relevance` ranks the {Search.RelevanceWindow} newest matches (title above subtitle and excerpt above body); `meta.total` still counts " +
                "every match, and `sort=-publishedAt` pages through all of them.");
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`. With `q`, the count is exact up to " +
                $"{SearchTotal.DefaultExactUpTo:N0} matches; beyond, it is PostgreSQL's estimate and `meta.totalIsEstimate` is `true`.");
            s.RequestParam(r => r.Facets!, Facets.Description);
            s.Responses[200] = "A page of article summaries.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    public override async Task HandleAsync(Request r, CancellationToken ct)
    {
        var query = ArticleQuery.From(r);
        ArticleCursor? after = null;
        if (!string.IsNullOrEmpty(r.Cursor) && !cursors.TryDecode(r.Cursor, query.Scope,
                (ArticleCursor c) => c.IsValidFor(query, CursorFields.MaxLength<Article>(Resolve<ArticlesDb>(), nameof(Article.Title))), out after))
            ThrowError(x => x.Cursor!, PageRules.BadCursor);

        var viewer = ArticleViewer.Of(User);
        if (!query.OnlyPublished && !viewer.SeesUnpublished)
            ThrowError(x => x.Status!, "Only published articles are listed without an API key; status needs a key that may see unpublished articles.");
        if (query.Q is { } text && Caller.ReadsAsPublic(User) && (SearchLimits.HasPhrase(text) || SearchLimits.HasExclusion(text)))
            ThrowError(x => x.Q!, "q may use phrases (\"…\") and exclusions (-word) only with an API key: without one, search for words (and `or`).");
        if (Resolve<ArticlesApi.Features.Articles.Ready.ReadySummaryWorker>().Serves
            && ArticlesApi.Features.Articles.Ready.ReadyFrontPage.Serves(query, viewer, after, r.WantsTotal(), r.Facets)
            && await SendReadyAsync(query, after, r.PageSize(), ct))
            return;
        await using var customPlanDb = query.DependsOnValues ? customPlans.CreateContext() : null;
        var db = customPlanDb ?? Resolve<ArticlesDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var limit = r.PageSize();
        // Read once for both routers below, if one asks (with q's parse when that is sent).
        var catalog = new SearchCatalog(Resolve<ArticlesDb>, query.Language);
        var search = query.Q is { } q ? await Search.ParseAsync(catalog, q, ct) : null;
        if (search is not null && SearchLimits.LexemesOf(search.Parsed) > SearchLimits.MaxLexemes)
            ThrowError(x => x.Q!, $"q gives too many search terms once every language has stemmed it (at most {SearchLimits.MaxLexemes}): " +
                "use fewer or shorter words, or fewer hyphenated ones.");
        // Only stop words, or no words at all: nothing matches (and an empty tsquery cannot be sent back).
        var nothingMatches = search is { Parsed.Kind: NpgsqlTsQuery.NodeKind.Empty };
        var wantsTotal = r.WantsTotal();
        var facetNames = Facets.Of(r.Facets);
        List<Row> rows;
        int? total = null;
        var totalIsEstimate = false;
        ArticleFacets? facets = null;
        bool? approximate = null;
        bool? incomplete = null;
        // Every public match of q, when SearchMatchSet read them: the facets count among them too.
        SearchWindow.Window? matchSet = null;
        // More matches than its cap, when SearchMatchSet's read found them: `total` is then the estimate.
        var overflow = new SearchMatchSet.Overflow();
        // The facets count over the newest Facets.Window + 1 matches; a relevance page ranks the newest RelevanceWindow of them
        // (the same window) and a first page newest first shows the first `limit + 1`: one read of those serves both (at 1M
        // `waffenstillstand&publishedAfter=2022-01-01&limit=1&facets` walked the dates twice, ~25 ms each).
        int? sharedNewest = facetNames.Length > 0 && search is not null
            && (query.Sort == ArticleSort.Relevance || query.Sort == ArticleSort.PublishedAtDescending && after is null) ? Facets.Window + 1 : null;
        // The page's window when it holds those newest matches (sharedNewest), which the facets then count over.
        SearchWindow.Window? facetsWindow = null;
        // A search's rows, total and facets within Search:BudgetMilliseconds, else the fallback (SearchBudget).
        using var budget = SearchBudget.Start(configuration, search is not null, ct);
        try
        {
            if (search is not null)
                search = await SearchCore.ChooseAsync(catalog, configuration, search, query.Language, budget.Token);
            if (CompiledFrontPage.Serves(query, viewer))
            {
                rows = await CompiledFrontPage.ReadAsync(db, now, after, limit + 1, budget.Token);
                if (wantsTotal)
                    total = await (await ArticleFilters.MatchingAsync(db, now, viewer, query, search, budget.Token)).CountAsync(budget.Token);
            }
            else
            {
                var matching = await ArticleFilters.MatchingAsync(db, now, viewer, query, search, budget.Token);
                // q's plain parses in place of the marked one: what the planner estimates right (SearchTotal).
                Func<Task<IQueryable<Article>>> estimable = () => ArticleFilters.MatchingAsync(db, now, viewer, query, search! with { Marked = search.Parsed }, budget.Token, estimate: true);
                // A rare word's page from the RUM index's window, andbitmap's or the own walk (SearchWindow); else, outside those
                // shapes, every match of a rare q read first, or of q among the filters' keys (SearchMatchSet); else a common q's
                // newest matches among a small filter's articles (SearchFilterWalk); else the walks by language (SearchLanguageWalk)
                // and the own walks in publication dates or in the language filtered on (SearchWindow).
                // Asked for the facets' window too (sharedNewest), a window route reads it once for the page and the facets.
                var window = nothingMatches ? null : await SearchWindow.ChooseAsync(db, catalog, configuration, now, viewer, query, search, after, limit + 1, budget.Token, sharedNewest)
                    ?? await SearchMatchSet.ChooseAsync(db, catalog, configuration, now, viewer, query, search, after, wantsTotal || facetNames.Length > 0, wantsTotal, overflow, budget.Token)
                    ?? await SearchFilterWalk.ChooseAsync(db, catalog, configuration, now, viewer, query, search, after, limit + 1, budget.Token, sharedNewest)
                    ?? await SearchLanguageWalk.ChooseFilteredAsync(db, catalog, configuration, now, viewer, query, search, after, limit + 1, budget.Token)
                    ?? await SearchWindow.OwnWalkInDatesAsync(catalog, configuration, viewer, query, search, limit + 1, budget.Token, sharedNewest)
                    ?? await SearchWindow.OwnWalkInLanguageAsync(catalog, configuration, viewer, query, search, after, limit + 1, budget.Token);
                // The newest matches' ids read once (through the route's window, or q's own path without one), which the page's
                // statement and the facets' then read by key: a window is a statement each would run again.
                if (sharedNewest is { } n && !nothingMatches && window is not { Complete: true })
                {
                    var newestOf = window is null ? matching : await ArticleFilters.MatchingAsync(db, now, viewer, query, search, budget.Token, window: window);
                    var read = SearchWindow.Window.Read(db,
                        await PageQuery.Newest(newestOf, query.IncludesUndated).Select(a => a.Id).Take(n).ToArrayAsync(budget.Token), complete: false);
                    // The route's Matches stay, which `total` counts.
                    window = window is null ? read : window with { Ids = read.Ids, Own = null };
                }
                matchSet = window is { Complete: true } ? window : null;
                facetsWindow = sharedNewest is null || matchSet is not null ? null : window;
                // Of a match set that holds exactly the request's matches, only the ids the page can show (SearchMatchPage).
                var paged = window is null ? matching : await ArticleFilters.MatchingAsync(db, now, viewer, query, search, budget.Token,
                    window: matchSet is null ? window : SearchMatchPage.PageOf(db, matchSet, query.Sort, after, limit + 1));
                rows = nothingMatches ? [] : await PageQuery.PageOf(paged, query, search, after, limit + 1).ToListAsync(budget.Token);
                var exactUpTo = configuration.GetValue(SearchTotal.ExactUpToSetting, SearchTotal.DefaultExactUpTo);
                // SearchTotal would decide on the planner's estimate: `per` at 1M (no match) was estimated at 562,638.
                if (wantsTotal && PageHoldsEveryMatch(search, query.Sort, after, rows, limit))
                    total = rows.Count;
                else if (wantsTotal && matchSet is not null)
                    (total, totalIsEstimate) = await SearchTotal.CountCompleteAsync(db, paged, estimable,
                        exactUpTo, budget.Token, SearchMatchPage.Count(matchSet));
                else if (wantsTotal && overflow.MoreThan >= exactUpTo)
                    (total, totalIsEstimate) = await SearchTotal.EstimatedAsync(db, estimable, exactUpTo, budget.Token);
                else if (wantsTotal && search is not null && !nothingMatches)
                {
                    (total, totalIsEstimate) = await SearchTotal.CountAsync(db, matching, estimable,
                        exactUpTo, budget.Token, counted: window,
                        keyed: window?.Matches is null ? await SearchKeyedCount.ChooseAsync(db, catalog, configuration, now, viewer, query, search, budget.Token) : null);
                }
                else if (wantsTotal)
                    total = nothingMatches ? 0 : await matching.CountAsync(budget.Token);
            }

            if (facetNames.Length > 0)
            {
                // The page's rows when they are every match: the facets' walk to the newest matches read every article for `per` at 1M.
                var everyMatchShown = PageHoldsEveryMatch(search, query.Sort, after, rows, limit);
                if (nothingMatches || (everyMatchShown && rows.Count == 0))
                    (facets, approximate) = (Facets.None(facetNames), false);
                else
                {
                    // The newest matches from the RUM window where a relevance page would take it: the date walk with the markers'
                    // check read ~500 ms for `les` at 1M (its matches are few among the rows whose plain parse matches).
                    // The page's match set first: it holds every match, which the window's route could read again.
                    var newest = everyMatchShown ? null
                        : matchSet is not null ? SearchMatchPage.Newest(db, matchSet, Facets.Window + 1)
                        : facetsWindow ?? await SearchWindow.ChooseAsync(db, catalog, configuration, now, viewer, query, search, after, 0, budget.Token, newest: Facets.Window + 1)
                            ?? await SearchFilterWalk.ChooseAsync(db, catalog, configuration, now, viewer, query, search, after, 0, budget.Token, newest: Facets.Window + 1)
                            ?? await SearchWindow.OwnWalkInDatesAsync(catalog, configuration, viewer, query, search, 0, budget.Token, newest: Facets.Window + 1);
                    var faceted = await ArticleFilters.MatchingAsync(db, now, viewer, query, search, budget.Token, window: newest);
                    if (everyMatchShown)
                    {
                        var all = rows.Select(x => x.Id).ToArray();
                        faceted = faceted.Where(a => all.Contains(a.Id));
                    }
                    (facets, approximate) = await Facets.CountAsync(db, faceted, query.IncludesUndated, facetNames, query.Language, budget.Token);
                }
            }
            // Found within the budget, or not at all: a statement may have finished just as it ran out.
            budget.Token.ThrowIfCancellationRequested();
        }
        catch (Exception e) when (budget.RanOut(e))
        {
            Logger.LogWarning("A search ran out of its budget ({Setting}); answered from the newest articles: {Query}", SearchBudget.Setting, HttpContext.Request.QueryString.Value);
            var fallback = await SearchBudget.FallbackAsync(db, now, viewer, query, search!, after, limit + 1, wantsTotal, facetNames, ct);
            (rows, total, totalIsEstimate, facets, approximate, incomplete) =
                (fallback.Rows, fallback.Total, fallback.Total is not null, fallback.Facets, fallback.FacetsApproximate, true);
        }

        var shown = rows.Take(limit).ToList();
        // From the main pool even when the page was planned for its values: these plans never depend on them, and there they stay
        // prepared (on the custom-plan pool the tags' join with articles was planned at every search: 1.4 → 0.7 ms of backend CPU).
        var pageDb = Resolve<ArticlesDb>();
        // An empty page has neither.
        var authors = (shown.Count == 0 ? [] : await CompiledPageAuthorsAndTags.AuthorsAsync(pageDb, shown.Select(x => x.Id).ToArray(), ct))
            .ToLookup(x => x.ArticleId, x => x.Author);
        var tags = (shown.Count == 0 ? [] : await ListPageTags.OfAsync(pageDb, shown, ct)).ToLookup(x => x.ArticleId, x => x.Tag);

        // Also from the main pool: q parsed in the page's languages and the words' lexemes have a plan that no value changes.
        if (search is not null && query.Q is { } words)
            await SearchHighlights.ApplyAsync(pageDb, words, shown, ct);

        var site = await db.SiteUrlsAsync(ct);
        var page = Pages.Build(HttpContext, rows, limit, total,
            last => cursors.Encode(PageQuery.CursorOf(last, query.Sort, query.IncludesUndated), query.Scope),
            page => page.Select(x => x.ToSummary(authors[x.Id].ToList(), tags[x.Id].ToList(), now, site)).ToList());
        // Not on an incomplete page: it found few because it looked at few.
        var didYouMean = incomplete is null && DidYouMean.IsWanted(query, after is null, rows.Count, limit)
            ? await DidYouMean.SuggestAsync(db, now, viewer, query, ct) : null;
        await Send.OkAsync(new ArticleSummaryList
        {
            Data = page.Data,
            Meta = ArticleListMeta.Of(page.Meta, facets, approximate, totalIsEstimate ? true : null, didYouMean, incomplete),
        }, ct);
    }

    /// A search's first page that is not full holds every match; by relevance only when the RelevanceWindow newest were not all
    /// read: with `limit=100` a window of 100 fills the page without the one more row that tells of more matches.
    static bool PageHoldsEveryMatch(Search? search, ArticleSort sort, ArticleCursor? after, List<Row> rows, int limit) =>
        search is not null && after is null && rows.Count <= limit && (sort != ArticleSort.Relevance || rows.Count < Search.RelevanceWindow);

    /// The public front page from the ready-made summaries (Features/Articles/Ready): one statement, the stored bytes
    /// sent; false (nothing sent) when a summary of the page is still to be rendered.
    async Task<bool> SendReadyAsync(ArticleQuery query, ArticleCursor? after, int limit, CancellationToken ct)
    {
        if (await ArticlesApi.Features.Articles.Ready.ReadyFrontPage.ReadAsync(Resolve<ArticlesApi.Features.Articles.Ready.ReadyStatement>(), time.GetUtcNow().UtcDateTime, after, limit + 1, ct) is not { } rows)
            return false;
        var page = Pages.Build(HttpContext, rows, limit, null,
            last => cursors.Encode(new ArticleCursor(last.Id, At: last.PublishedAt.Ticks), query.Scope), page => page);
        await HttpContext.Response.SendAsync<object>(ArticlesApi.Features.Articles.Ready.ReadyFrontPage.Page(page), 200, cancellation: ct);
        return true;
    }
}
