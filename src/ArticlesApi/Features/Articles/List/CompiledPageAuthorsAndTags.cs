using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using LinqKit;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// The authors and tags of a page's articles (two queries, see Row), compiled by EF Core once: every list uses
/// them, public or not, filtered or not.
static class CompiledPageAuthorsAndTags
{
    public static ValueTask<List<PageAuthor>> AuthorsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) => Authors(db, ids).ToListAsync(ct);

    public static ValueTask<List<PageTag>> TagsAsync(ArticlesDb db, Guid[] ids, CancellationToken ct) => Tags(db, ids).ToListAsync(ct);

    static readonly Func<ArticlesDb, Guid[], IAsyncEnumerable<PageAuthor>> Authors = EF.CompileAsyncQuery(
        (ArticlesDb db, Guid[] ids) => db.ArticleAuthors.AsNoTracking()
            .Where(x => ids.Contains(x.ArticleId))
            .OrderBy(x => x.Position)
            .Select(x => new PageAuthor(x.ArticleId,
                new AuthorSummary { Id = x.Author.Id, Slug = x.Author.Slug, Name = x.Author.Name, Url = "", AvatarUrl = x.Author.AvatarUrl })));

    static readonly System.Linq.Expressions.Expression<Func<ArticlesDb, Guid[], IQueryable<PageTag>>> TagsOfPage =
        (db, ids) => db.ArticleTags.AsNoTracking()
            .Where(x => ids.Contains(x.ArticleId))
            .OrderBy(x => x.Position)
            .Select(x => new PageTag(x.ArticleId,
                new TagSummary { Id = x.Tag.Id, Slug = x.Tag.Slug, Name = ArticleProjections.LocalizedName.Invoke(x.Tag, x.Article.Language), Url = "" }));

    // After TagsOfPage: static fields are initialised in the order they are written.
    static readonly Func<ArticlesDb, Guid[], IAsyncEnumerable<PageTag>> Tags = EF.CompileAsyncQuery(TagsOfPage.Expand());
}

sealed record PageAuthor(Guid ArticleId, AuthorSummary Author);

sealed record PageTag(Guid ArticleId, TagSummary Tag);
