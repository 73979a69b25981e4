using System.Linq.Expressions;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// GET /api/v1/articles: three SQL commands whatever the page size (the page, its authors, its
/// tags), plus one to parse q, one per kind of slug filter (tag, author, source: their ids, so the plan sees how
/// common they are) and a count when total=true. Searches and filtered lists are planned for their
/// values (CustomPlans).
sealed class Endpoint(CursorCodec cursors, CustomPlans customPlans, TimeProvider time) : Endpoint<Request, ListResponse<ArticleSummary>>
{
    /// `sort=relevance` ranks this many of the newest matches (GitHub's search API gives 1,000 results
    /// at most): ranking every match of a word found in half of a million articles takes seconds.
    public const int RelevanceWindow = 200;

    /// The highlight is cut from the title, the subtitle and this many characters of the body around
    /// the first place a searched word occurs: ts_headline parses all it is given, about 1 ms per whole
    /// article; for a page of 21 at 1M articles 1,000 characters took 4.4 ms, 300 take 1.3 ms, and every
    /// headline of the 200 newest matches of four test words still had its mark (bench/README.md).
    public const int HighlightBodyCharacters = 300;

    public override void Configure()
    {
        Get("/articles");
        Definition.Declare(ConditionalRead.PublicList);
        AllowAnonymous();
        Options(o => o.WithMetadata(new ArticlesApi.Infrastructure.RateLimiting.RequestCost(10, WhenGiven: "q")));
        Description(b => b
            .Produces<ListResponse<ArticleSummary>>(200, "application/json")
            .ProducesProblemDetails(400)
            .Produces(304));
        Summary(s =>
        {
            s.Summary = "List or search articles";
            s.Description =
                "Article summaries (no body) with their authors and tags, newest first. `q` searches in each article's " +
                "own language (stemming, accents folded), ranks title matches above body matches and adds a `highlight` " +
                $"snippet with the matched words in `<mark>`, taken from the title, subtitle and a passage of the body around the first place a searched word occurs. Keyset pagination: follow `meta.nextCursor` or the " +
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
            s.RequestParam(r => r.Status!, "Comma list of `published` (default), `scheduled`, `draft`, `archived`, or `any`. " +
                "Anything but `published` needs an API key: editors and admins see every article, authors and contributors their own.");
            s.RequestParam(r => r.Sort, "`-publishedAt` (default), `publishedAt`, `-updatedAt`, `title`, or `relevance` (default when `q` is given). " +
                $"`relevance` ranks the {RelevanceWindow} newest matches (title above subtitle and excerpt above body); `meta.total` still counts " +
                "every match, and `sort=-publishedAt` pages through all of them.");
            s.RequestParam(r => r.Limit!, "Page size, 1–100 (default 20).");
            s.RequestParam(r => r.Cursor!, "Opaque cursor from `meta.nextCursor`.");
            s.RequestParam(r => r.Total!, "`true` adds `meta.total`.");
            s.Responses[200] = "A page of article summaries.";
            s.Responses[304] = "The page has not changed since the ETag given in If-None-Match.";
            s.Responses[400] = "A parameter is invalid; `errors` names it.";
        });
    }

    const string HeadlineOptions =
        "StartSel=\uE000, StopSel=\uE001, MaxFragments=2, MaxWords=25, MinWords=10, FragmentDelimiter=\" … \"";

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
        if (query.Q is { } text && Caller.KeyIdOf(User) is null && (SearchLimits.HasPhrase(text) || SearchLimits.HasExclusion(text)))
            ThrowError(x => x.Q!, "q may use phrases (\"…\") and exclusions (-word) only with an API key: without one, search for words (and `or`).");
        await using var customPlanDb = query.DependsOnValues ? customPlans.CreateContext() : null;
        var db = customPlanDb ?? Resolve<ArticlesDb>();
        var now = time.GetUtcNow().UtcDateTime;
        var limit = r.PageSize();
        var search = query.Q is { } q ? await ParseAsync(db, q, ct) : null;
        if (search is not null && SearchLimits.LexemesOf(search.Parsed) > SearchLimits.MaxLexemes)
            ThrowError(x => x.Q!, $"q gives too many search terms once every language has stemmed it (at most {SearchLimits.MaxLexemes}): " +
                "use fewer or shorter words, or fewer hyphenated ones.");
        // Only stop words, or no words at all: nothing matches (and an empty tsquery cannot be sent back).
        var nothingMatches = search is { Parsed.Kind: NpgsqlTsQuery.NodeKind.Empty };
        var wantsTotal = r.WantsTotal();
        List<Row> rows;
        int? total = null;
        if (CompiledListReads.ServesFrontPage(query, viewer))
        {
            rows = await CompiledListReads.FrontPageAsync(db, now, after, limit + 1, ct);
            if (wantsTotal)
                total = await (await MatchingAsync(db, now, viewer, query, search, ct)).CountAsync(ct);
        }
        else
        {
            var matching = await MatchingAsync(db, now, viewer, query, search, ct);
            rows = nothingMatches ? [] : await PageOf(matching, query, search, after, limit + 1).ToListAsync(ct);
            if (wantsTotal)
                total = nothingMatches ? 0 : await matching.CountAsync(ct);
        }

        var ids = rows.Take(limit).Select(x => x.Id).ToArray();
        var authors = (await CompiledListReads.AuthorsAsync(db, ids, ct)).ToLookup(x => x.ArticleId, x => x.Author);
        var tags = (await CompiledListReads.TagsAsync(db, ids, ct)).ToLookup(x => x.ArticleId, x => x.Tag);

        var page = Pages.Build(HttpContext, rows, limit, total,
            last => cursors.Encode(CursorOf(last, query.Sort, query.IncludesUndated), query.Scope),
            page => page.Select(x => x.ToSummary(authors[x.Id].ToList(), tags[x.Id].ToList(), now)).ToList());
        await Send.OkAsync(page, ct);
    }

    /// The articles the viewer may read that pass the query's filters (and match q).
    static async Task<IQueryable<Article>> MatchingAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, Search? search,
        CancellationToken ct)
    {
        var readable = db.Readable(now, viewer);
        if (viewer.SeesUnpublished)
            readable = readable.WithStatus(query.Statuses, now);
        return Filter(readable, query, await ResolveAsync(db, query, ct), search);
    }

    /// The ids of the tag, author and source slugs filtered on (an unknown slug has none).
    static async Task<ResolvedSlugs> ResolveAsync(ArticlesDb db, ArticleQuery query, CancellationToken ct) => new(
        query.Tags.Length == 0 ? [] : await db.Tags.Where(t => query.Tags.Contains(t.Slug)).Select(t => t.Id).ToArrayAsync(ct),
        query.Authors.Length == 0 ? [] : await db.Authors.Where(x => query.Authors.Contains(x.Slug)).Select(x => x.Id).ToArrayAsync(ct),
        query.Sources.Length == 0 ? [] : await db.Sources.Where(x => query.Sources.Contains(x.Slug)).Select(x => x.Id).ToArrayAsync(ct));

    sealed record ResolvedSlugs(Guid[] Tags, Guid[] Authors, Guid[] Sources);

    /// q parsed by every language's configuration, once per request (the database would otherwise parse
    /// it again for each place the query appears in the page's SQL): Parsed, the OR of the distinct parses,
    /// ranks and highlights; Marked, each parse with its configurations' markers, finds the matches.
    sealed record Search(NpgsqlTsQuery Parsed, NpgsqlTsQuery Marked);

    static Task<Search> ParseAsync(ArticlesDb db, string q, CancellationToken ct) =>
        db.Database.SqlQuery<Search>($"SELECT s.q[1] AS parsed, s.q[2] AS marked FROM (SELECT articles_search_queries({q}) AS q) AS s").SingleAsync(ct);

    static IQueryable<Article> Filter(IQueryable<Article> articles, ArticleQuery query, ResolvedSlugs ids, Search? search)
    {
        if (query.Tags.Length > 0)
            articles = articles.Where(a => a.Tags.Any(t => ids.Tags.Contains(t.TagId)));
        if (query.Authors.Length > 0)
            articles = articles.Where(a => a.Authors.Any(x => ids.Authors.Contains(x.AuthorId)));
        if (query.Sources.Length > 0)
            articles = articles.Where(a => a.Citations.Any(c => ids.Sources.Contains(c.SourceId)));
        if (query.Language is { } language)
        {
            var variants = language + "-";
            articles = language.Contains('-')
                ? articles.Where(a => a.Language == language)
                : articles.Where(a => a.Language == language || a.Language.StartsWith(variants));
        }
        if (query.PublishedAfter is { } from)
            articles = articles.Where(a => a.PublishedAt >= from);
        if (query.PublishedBefore is { } before)
            articles = articles.Where(a => a.PublishedAt < before);
        if (search is { Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty })
            articles = articles.Where(a => ArticleSearch.Matches(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), a.Language, search.Marked));
        return articles;
    }

    static IQueryable<Row> PageOf(IQueryable<Article> matching, ArticleQuery query, Search? search, ArticleCursor? after, int take)
    {
        var ranked = query.Sort == ArticleSort.Relevance ? Newest(matching, query.IncludesUndated).Take(RelevanceWindow) : matching;
        return Order(After(Project(ranked, search), query, after), query.Sort, query.IncludesUndated).Take(take);
    }

    static IQueryable<Article> Newest(IQueryable<Article> articles, bool undated) => undated
        ? articles.OrderByDescending(a => a.PublishedAt ?? a.CreatedAt).ThenByDescending(a => a.Id)
        : articles.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);

    static IQueryable<Row> Order(IQueryable<Row> rows, ArticleSort sort, bool undated) => sort switch
    {
        ArticleSort.PublishedAtAscending when undated => rows.OrderBy(a => a.PublishedAt ?? a.CreatedAt).ThenBy(a => a.Id),
        ArticleSort.PublishedAtDescending when undated => rows.OrderByDescending(a => a.PublishedAt ?? a.CreatedAt).ThenByDescending(a => a.Id),
        ArticleSort.PublishedAtAscending => rows.OrderBy(a => a.PublishedAt).ThenBy(a => a.Id),
        ArticleSort.UpdatedAtDescending => rows.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id),
        ArticleSort.Title => rows.OrderBy(a => a.Title).ThenBy(a => a.Id),
        ArticleSort.Relevance => rows.OrderByDescending(a => a.Rank).ThenByDescending(a => a.Id),
        _ => rows.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id),
    };

    /// Keyset: row values compared as PostgreSQL does, (key, id) > (last key, last id), so the
    /// index that orders the list also finds where the next page starts.
    static IQueryable<Row> After(IQueryable<Row> articles, ArticleQuery query, ArticleCursor? cursor)
    {
        if (cursor is null)
            return articles;
        var id = cursor.Id;
        DateTime? at = cursor.At is { } ticks ? CursorFields.Instant(ticks) : null;
        var title = cursor.Title ?? "";
        var rank = cursor.Rank ?? 0f;
        return query.Sort switch
        {
            ArticleSort.PublishedAtAscending when query.IncludesUndated =>
                articles.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.PublishedAt ?? a.CreatedAt, a.Id), ValueTuple.Create(at ?? default, id))),
            ArticleSort.PublishedAtDescending when query.IncludesUndated =>
                articles.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.PublishedAt ?? a.CreatedAt, a.Id), ValueTuple.Create(at ?? default, id))),
            ArticleSort.PublishedAtAscending => articles.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.PublishedAt, a.Id), ValueTuple.Create(at, id))),
            ArticleSort.UpdatedAtDescending => articles.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.UpdatedAt, a.Id), ValueTuple.Create(at ?? default, id))),
            ArticleSort.Title => articles.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.Title, a.Id), ValueTuple.Create(title, id))),
            // Spelled out: EF Core cannot type a row value over the ranked window's computed rank.
            ArticleSort.Relevance => articles.Where(a => a.Rank < rank || (a.Rank == rank && a.Id.CompareTo(id) < 0)),
            _ => articles.Where(a => EF.Functions.LessThan(ValueTuple.Create(a.PublishedAt, a.Id), ValueTuple.Create(at, id))),
        };
    }

    /// Built once: the C# compiler builds an expression tree each time its lambda is evaluated.
    internal static readonly Expression<Func<Article, Row>> PageRow = a => new Row
    {
        Id = a.Id, Slug = a.Slug, Title = a.Title, Subtitle = a.Subtitle, Excerpt = a.Excerpt, Language = a.Language,
        Status = a.Status, PublishedAt = a.PublishedAt, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt, ReadingTimeMinutes = a.ReadingTimeMinutes,
        FeatureImageUrl = a.FeatureImage!.Url, FeatureImageAlt = a.FeatureImage.Alt, FeatureImageCaption = a.FeatureImage.Caption,
    };

    static IQueryable<Row> Project(IQueryable<Article> articles, Search? search) => search is null
        ? articles.Select(PageRow)
        : articles.Select(a => new Row
        {
            Id = a.Id, Slug = a.Slug, Title = a.Title, Subtitle = a.Subtitle, Excerpt = a.Excerpt, Language = a.Language,
            Status = a.Status, PublishedAt = a.PublishedAt, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt, ReadingTimeMinutes = a.ReadingTimeMinutes,
            FeatureImageUrl = a.FeatureImage!.Url, FeatureImageAlt = a.FeatureImage.Alt, FeatureImageCaption = a.FeatureImage.Caption,
            Rank = ArticleSearch.Rank(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), search.Parsed),
            Headline = ArticleSearch.Headline(a.Language, search.Parsed,
                a.Title + "\n" + (a.Subtitle ?? "") + "\n" + ArticleSearch.Passage(search.Parsed, a.Body.Text, HighlightBodyCharacters), HeadlineOptions),
        });

    static ArticleCursor CursorOf(Row last, ArticleSort sort, bool undated) => sort switch
    {
        ArticleSort.PublishedAtAscending or ArticleSort.PublishedAtDescending when undated =>
            new ArticleCursor(last.Id, At: (last.PublishedAt ?? last.CreatedAt).Ticks),
        ArticleSort.UpdatedAtDescending => new ArticleCursor(last.Id, At: last.UpdatedAt.Ticks),
        ArticleSort.Title => new ArticleCursor(last.Id, Title: last.Title),
        ArticleSort.Relevance => new ArticleCursor(last.Id, Rank: last.Rank),
        _ => new ArticleCursor(last.Id, At: last.PublishedAt?.Ticks),
    };
}

/// One article of a page as the page query reads it; authors and tags are read for the whole page
/// by two more queries (one query joining both would repeat each row authors × tags times).
sealed class Row
{
    public Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    public required string Excerpt { get; init; }
    public required string Language { get; init; }
    public ArticleStatus Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public int ReadingTimeMinutes { get; init; }
    public string? FeatureImageUrl { get; init; }
    public string? FeatureImageAlt { get; init; }
    public string? FeatureImageCaption { get; init; }
    public float Rank { get; init; }
    public string? Headline { get; init; }

    public ArticleSummary ToSummary(IReadOnlyList<AuthorSummary> authors, IReadOnlyList<TagSummary> tags, DateTime now) => new()
    {
        Id = Id,
        Slug = Slug,
        Title = Title,
        Subtitle = Subtitle,
        Excerpt = Excerpt,
        Language = Language,
        Status = ArticleVisibility.EffectiveStatus(Status, PublishedAt, now),
        PublishedAt = PublishedAt,
        UpdatedAt = UpdatedAt,
        ReadingTimeMinutes = ReadingTimeMinutes,
        FeatureImage = FeatureImageUrl is null ? null
            : new FeatureImageResponse { Url = FeatureImageUrl, Alt = FeatureImageAlt, Caption = FeatureImageCaption },
        Authors = authors,
        Tags = tags,
        Highlight = Headline is null ? null : Highlights.ToHtml(Headline),
    };
}
