using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using System.Linq.Expressions;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// `facets=tag,author,language,source`: for a filter sidebar, the most common values of each facet among the articles the
/// request matches (every filter and q applied, the viewer's visibility included), whatever page is read. Bounded in cost: the
/// counts are taken over at most the Window newest matches (one query reads their ids, one more per linked facet counts
/// over them); beyond it `meta.facetsApproximate` is true. docs/decisions/0036-facets-over-the-newest-matches.md.
static class Facets
{
    /// How many of the newest matches the facets count: the window `sort=relevance` ranks, so the counts describe exactly the
    /// results a relevance search shows. At 1M articles a common word's four facets read 1.2× the buffers of its search page
    /// over 200 matches, 2.9× over 500, 5.8× over 1,000 (bench/studies/search-facets-1m).
    public const int Window = Search.RelevanceWindow;

    /// Values per facet: the most common, ties by name.
    public const int MaxValues = 10;

    /// What each facet named adds to the request's rate-limit cost (a search counts 10): the four facets of a search read
    /// about 1.2× its page's buffers at 1M articles (bench/studies/search-facets-1m), so all four add 12.
    public const int Permits = 3;

    public const string Tag = "tag", Author = "author", Language = "language", Source = "source";

    public static readonly string[] Names = [Tag, Author, Language, Source];

    public static readonly string Description =
        $"Comma list of `{string.Join("`, `", Names)}`: adds `meta.facets`, the {MaxValues} most common values of each (ties by name) among " +
        $"the articles this request matches (q and every filter applied; not only this page), and `meta.facetsApproximate`. The counts are " +
        $"taken over the {Window:N0} newest matches (those `sort=relevance` ranks): when more match, `facetsApproximate` is true and the " +
        $"counts are those of the newest {Window:N0}. Names repeated are counted once; an unknown name answers 400. " +
        $"Rate limit: each facet named adds {Permits} to the request's cost (a search counts 10).";

    /// Empty entries and blanks are ignored, as in the slug lists.
    public static bool IsList(string? value) => Of(value).All(Names.Contains);

    public static string[] Of(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToArray();

    /// The facets `names` asks for when nothing matches (q of stop words only): each empty.
    public static ArticleFacets None(string[] names) => new()
    {
        Tag = names.Contains(Tag) ? [] : null, Author = names.Contains(Author) ? [] : null,
        Language = names.Contains(Language) ? [] : null, Source = names.Contains(Source) ? [] : null,
    };

    /// The facets `names` asks for over the newest Window of `matching`, and whether more matched.
    public static async Task<(ArticleFacets Facets, bool Approximate)> CountAsync(ArticlesDb db, IQueryable<Article> matching, bool undated,
        string[] names, string? language, CancellationToken ct)
    {
        var newest = await PageQuery.Newest(matching, undated).Select(a => new { a.Id, a.Language }).Take(Window + 1).ToListAsync(ct);
        var window = newest.Take(Window).ToList();
        var ids = window.Select(a => a.Id).ToArray();
        var facets = new ArticleFacets
        {
            Tag = names.Contains(Tag) ? await TagsAsync(db, ids, language ?? "", ct) : null,
            Author = names.Contains(Author) ? await AuthorsAsync(db, ids, ct) : null,
            Language = names.Contains(Language)
                ? [.. window.CountBy(a => a.Language).OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(MaxValues)
                    .Select(x => new LanguageFacetCount { Code = x.Key, Count = x.Value })]
                : null,
            Source = names.Contains(Source) ? await SourcesAsync(db, ids, ct) : null,
        };
        return (facets, newest.Count > Window);
    }

    /// Tags named in the language filtered on when they have a translation there (as tags embedded in an article of that
    /// language are, ADR 0031), else by their own name.
    static Task<List<FacetCount>> TagsAsync(ArticlesDb db, Guid[] ids, string language, CancellationToken ct)
    {
        Expression<Func<Counted, Tag, FacetCount>> named = (g, t) => new FacetCount
        {
            Slug = t.Slug, Name = ArticleProjections.LocalizedName.Invoke(t, language), Count = g.Count,
        };
        return db.ArticleTags.AsNoTracking().Where(x => ids.Contains(x.ArticleId))
            .GroupBy(x => x.TagId).Select(g => new Counted { Id = g.Key, Count = g.Count() })
            .Join(db.Tags, g => g.Id, t => t.Id, named.Expand())
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name).ThenBy(x => x.Slug).Take(MaxValues).ToListAsync(ct);
    }

    sealed class Counted
    {
        public Guid Id { get; init; }
        public int Count { get; init; }
    }

    static Task<List<FacetCount>> AuthorsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) =>
        db.ArticleAuthors.AsNoTracking().Where(x => ids.Contains(x.ArticleId))
            .GroupBy(x => x.AuthorId).Select(g => new { Id = g.Key, Count = g.Count() })
            .Join(db.Authors, g => g.Id, a => a.Id, (g, a) => new FacetCount { Slug = a.Slug, Name = a.Name, Count = g.Count })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name).ThenBy(x => x.Slug).Take(MaxValues).ToListAsync(ct);

    /// Articles citing a source, each once however many times it cites it.
    static Task<List<FacetCount>> SourcesAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) =>
        db.Citations.AsNoTracking().Where(x => ids.Contains(x.ArticleId)).Select(x => new { x.ArticleId, x.SourceId }).Distinct()
            .GroupBy(x => x.SourceId).Select(g => new { Id = g.Key, Count = g.Count() })
            .Join(db.Sources, g => g.Id, s => s.Id, (g, s) => new FacetCount { Slug = s.Slug, Name = s.Name, Count = g.Count })
            .OrderByDescending(x => x.Count).ThenBy(x => x.Name).ThenBy(x => x.Slug).Take(MaxValues).ToListAsync(ct);
}
