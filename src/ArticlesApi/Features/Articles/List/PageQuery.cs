using System.Linq.Expressions;
using LinqKit;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// Which page of the matching articles, as rows: the relevance window, the order, the keyset condition
/// after the cursor, and the row each article is read as (with rank and highlight when searching).
static class PageQuery
{
    public static IQueryable<Row> PageOf(IQueryable<Article> matching, ArticleQuery query, Search? search, ArticleCursor? after, int take)
    {
        var ranked = query.Sort == ArticleSort.Relevance ? Newest(matching, query.IncludesUndated).Take(Search.RelevanceWindow) : matching;
        return Order(After(Project(ranked, search, query), query, after), query.Sort, query.IncludesUndated).Take(take);
    }

    internal static IQueryable<Article> Newest(IQueryable<Article> articles, bool undated) => undated
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
        Status = a.Status, Kind = a.Kind, Featured = a.Featured, PublishedAt = a.PublishedAt, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt, ReadingTimeMinutes = a.ReadingTimeMinutes,
        FeatureImageUrl = a.FeatureImage!.Url, FeatureImageAlt = a.FeatureImage.Alt, FeatureImageCaption = a.FeatureImage.Caption,
        FeatureImageCredit = a.FeatureImage.Credit, FeatureImageMedia = a.FeatureImage.MediaId, FeatureImageMediaDetails = a.FeatureImage.MediaDetails,
    };

    static IQueryable<Row> Project(IQueryable<Article> articles, Search? search, ArticleQuery query)
    {
        if (search is null)
            return articles.Select(PageRow);
        // A prefixed search ranks by both parses: an article with the exact word scores in both, one with only a longer word in one.
        Expression<Func<Article, float>> rank = search.Prefixed
            ? a => ArticleSearch.Rank(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), search.RankedParsed)
                + ArticleSearch.Rank(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), search.RankedExact)
            : a => ArticleSearch.Rank(EF.Property<NpgsqlTsVector>(a, ArticleSearch.VectorProperty), search.RankedParsed);
        Expression<Func<Article, Row>> row = a => new Row
        {
            Id = a.Id, Slug = a.Slug, Title = a.Title, Subtitle = a.Subtitle, Excerpt = a.Excerpt, Language = a.Language,
            Status = a.Status, Kind = a.Kind, Featured = a.Featured, PublishedAt = a.PublishedAt, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt, ReadingTimeMinutes = a.ReadingTimeMinutes,
            FeatureImageUrl = a.FeatureImage!.Url, FeatureImageAlt = a.FeatureImage.Alt, FeatureImageCaption = a.FeatureImage.Caption,
        FeatureImageCredit = a.FeatureImage.Credit, FeatureImageMedia = a.FeatureImage.MediaId, FeatureImageMediaDetails = a.FeatureImage.MediaDetails,
            Rank = rank.Invoke(a),
            // The highlight is cut from it in the API (SearchHighlights), not by ts_headline per row.
            SearchBody = a.Body.Text,
        };
        return articles.Select(row.Expand());
    }

    public static ArticleCursor CursorOf(Row last, ArticleSort sort, bool undated) => sort switch
    {
        ArticleSort.PublishedAtAscending or ArticleSort.PublishedAtDescending when undated =>
            new ArticleCursor(last.Id, At: (last.PublishedAt ?? last.CreatedAt).Ticks),
        ArticleSort.UpdatedAtDescending => new ArticleCursor(last.Id, At: last.UpdatedAt.Ticks),
        ArticleSort.Title => new ArticleCursor(last.Id, Title: last.Title),
        ArticleSort.Relevance => new ArticleCursor(last.Id, Rank: last.Rank),
        _ => new ArticleCursor(last.Id, At: last.PublishedAt?.Ticks),
    };
}
