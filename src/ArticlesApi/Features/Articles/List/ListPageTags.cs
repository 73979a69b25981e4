using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Articles.List;

/// The tags of a list page's articles, named in each article's language as CompiledPageAuthorsAndTags.TagsAsync names them
/// (ArticleProjections.LocalizedName), with the languages taken from the page's rows: that statement joins `articles` only to
/// read them, and planning the join against the table's 41 indexes was half its cost (at 1M 0.60 → 0.31 ms of backend CPU
/// prepared, bench/studies/searchpage-1m). The renderer and the related list keep the compiled statement (they have no rows).
static class ListPageTags
{
    sealed record TagRow(Guid ArticleId, Guid Id, string Slug, string Name);

    // The language rule of LocalizedName, as EF Core writes it there: the most specific translation, else the tag's name.
    const string Sql = """
        SELECT a.article_id, t.id, t.slug, COALESCE((
            SELECT t0.name FROM tag_translations AS t0
            WHERE t0.tag_id = t.id AND (t0.language = p.language OR left(p.language, length(t0.language || '-'))::character varying(35) = t0.language || '-')
            ORDER BY length(t0.language)::int DESC
            LIMIT 1), t.name) AS name
        FROM unnest(@ids, @languages) AS p(id, language)
        JOIN article_tags AS a ON a.article_id = p.id
        JOIN tags AS t ON t.id = a.tag_id
        ORDER BY a.position
        """;

    public static async Task<List<PageTag>> OfAsync(ArticlesDb db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var found = await db.Database.SqlQueryRaw<TagRow>(Sql,
                new NpgsqlParameter<Guid[]>("ids", rows.Select(r => r.Id).ToArray()),
                new NpgsqlParameter<string[]>("languages", rows.Select(r => r.Language).ToArray()))
            .ToListAsync(ct);
        return found.Select(x => new PageTag(x.ArticleId, new TagSummary { Id = x.Id, Slug = x.Slug, Name = x.Name, Url = "" })).ToList();
    }
}
