using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// Which articles a list answers with: those the viewer may read, in the statuses asked for, that pass the
/// tag, author, source, language, publication date and last-change filters and match q. Planned for the values (CustomPlans) when
/// they depend on them.
static class ArticleFilters
{
    /// The articles the viewer may read that pass the query's filters (and match q). `estimate`: the query is only planned for
    /// its row estimate (SearchTotal), so q is matched through `search.Marked` even when a language is filtered on.
    /// `window`: SearchWindow's window, whose ids then stand for q's match (the page only), or its own walk (q checked on each
    /// row's vector as stored). `amongNewest`: only among that many of the newest articles the viewer may list, before any
    /// filter (SearchBudget's fallback: a subquery with a LIMIT, which the planner cannot walk past).
    public static async Task<IQueryable<Article>> MatchingAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, Search? search,
        CancellationToken ct, bool estimate = false, SearchWindow.Window? window = null, int? amongNewest = null)
    {
        var readable = db.Readable(now, viewer);
        if (query.Trashed)
        {
            // The trash keeps each article's status as it was: filtered as stored.
            var statuses = query.Statuses.ToArray();
            readable = db.Trash(viewer).Where(a => statuses.Contains(a.Status));
        }
        else if (viewer.SeesUnpublished)
            readable = readable.WithStatus(query.Statuses, now);
        if (amongNewest is { } newest)
            readable = PageQuery.Newest(readable, query.IncludesUndated).Take(newest);
        var filtered = Filter(readable, query, await ResolveAsync(db, query, ct), search, estimate, window);
        return query.TranslationOf is { } key ? await TranslationsOfAsync(db, now, viewer, filtered, key, ct) : filtered;
    }

    /// The other articles of the translation group of the article `key` names, when the viewer may read it (else none).
    static async Task<IQueryable<Article>> TranslationsOfAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, IQueryable<Article> articles,
        string key, CancellationToken ct)
    {
        var named = Guid.TryParse(key, out var id) ? db.Readable(now, viewer).Where(a => a.Id == id) : db.Readable(now, viewer).Where(a => a.Slug == key);
        var group = await named.Select(a => new { a.Id, a.TranslationGroupId }).FirstOrDefaultAsync(ct);
        if (group?.TranslationGroupId is not { } groupId)
            return articles.Where(a => false);
        return articles.Where(a => a.TranslationGroupId == groupId && a.Id != group.Id);
    }

    /// The ids of the tag, author and source slugs filtered on (an unknown slug has none).
    static async Task<ResolvedSlugs> ResolveAsync(ArticlesDb db, ArticleQuery query, CancellationToken ct) => new(
        query.Tags.Length == 0 ? [] : await db.Tags.Where(t => query.Tags.Contains(t.Slug)).Select(t => t.Id).ToArrayAsync(ct),
        query.Authors.Length == 0 ? [] : await db.Authors.Where(x => query.Authors.Contains(x.Slug)).Select(x => x.Id).ToArrayAsync(ct),
        query.Sources.Length == 0 ? [] : await db.Sources.Where(x => query.Sources.Contains(x.Slug)).Select(x => x.Id).ToArrayAsync(ct));

    sealed record ResolvedSlugs(Guid[] Tags, Guid[] Authors, Guid[] Sources);

    static IQueryable<Article> Filter(IQueryable<Article> articles, ArticleQuery query, ResolvedSlugs ids, Search? search, bool estimate,
        SearchWindow.Window? window)
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
        if (query.Kinds is { Length: > 0 } kinds)
            articles = articles.Where(a => kinds.Contains(a.Kind));
        if (query.Featured is { } featured)
            articles = articles.Where(a => a.Featured == featured);
        if (query.PublishedAfter is { } from)
            articles = articles.Where(a => a.PublishedAt >= from);
        if (query.PublishedBefore is { } before)
            articles = articles.Where(a => a.PublishedAt < before);
        if (query.UpdatedAfter is { } updatedFrom)
            articles = articles.Where(a => a.UpdatedAt >= updatedFrom);
        if (query.UpdatedBefore is { } updatedBefore)
            articles = articles.Where(a => a.UpdatedAt < updatedBefore);
        if (window?.Ids is { } windowIds)
            articles = articles.Where(a => windowIds.Contains(a.Id));
        else if (window?.Own is var (configs, parses))
            articles = articles.Where(a => ArticleSearch.MatchesOwn(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), a.Language, configs, parses));
        else if (search is { Parsed.Kind: not NpgsqlTsQuery.NodeKind.Empty })
        {
            // Filtered on one language: that language's own index (its configuration's partial GIN index), not the markers.
            // The planner's estimate of the marked query stays what `estimate` asks for (SearchTotal's plain parses).
            // With exclusions: the newest ExclusionWindow matches of the rest of q first (Search.IncludedQ), then q itself.
            if (search is { IncludedQ: { } included, IncludedMarked: { } includedMarked } && !estimate)
                articles = PageQuery.Newest(Matching(articles, query, included, includedMarked, search.IncludedCore, estimate), query.IncludesUndated)
                    .Take(SearchLimits.ExclusionWindow);
            articles = Matching(articles, query, query.Q, search.Marked, search.Core, estimate);
        }
        return articles;
    }

    static IQueryable<Article> Matching(IQueryable<Article> articles, ArticleQuery query, string? q, NpgsqlTsQuery marked, NpgsqlTsQuery? core,
        bool estimate) =>
        // q's words without its prefix through the marker index (with or without a language filter, applied above), q itself on their rows.
        core is not null && !estimate
            ? articles.Where(a => ArticleSearch.Matches(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), a.Language, core)
                && ArticleSearch.MatchesFound(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty).Concat(ArticleSearch.Marker(a.Language)), marked))
        : query.Language is { } searched && q is not null && !estimate
            ? articles.Where(a => ArticleSearch.MatchesLanguage(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), a.Language, searched, q))
            : articles.Where(a => ArticleSearch.Matches(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), a.Language, marked));
}
