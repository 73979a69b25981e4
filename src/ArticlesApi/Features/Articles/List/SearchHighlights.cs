using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Articles.List;

/// The highlights of a page of search hits, computed in the API (<see cref="PageHighlights"/>, <see cref="Headline"/>) instead
/// of by ts_headline per row. What PostgreSQL must say (q parsed in each language of the page, the lexemes of the words that
/// could match) is asked through EF Core, and only when no earlier page asked it (<see cref="HighlightCache"/>).
static class SearchHighlights
{
    sealed record LanguageQuery(string Language, NpgsqlTsQuery Query);

    sealed record Lexized(string Word, string Language, string[] Lexemes);

    sealed class Statements(ArticlesDb db) : HighlightStatements
    {
        public override async Task<IReadOnlyList<(string Language, NpgsqlTsQuery Query)>> ParseAsync(string q, string[] languages, CancellationToken ct) =>
            (await db.Database.SqlQueryRaw<LanguageQuery>(ParseSql, new NpgsqlParameter<string>("p0", q), new NpgsqlParameter<string[]>("p1", languages))
                .ToListAsync(ct)).Select(x => (x.Language, x.Query)).ToList();

        public override async Task<IReadOnlyList<(string Word, string Language, string[] Lexemes)>> LexemesAsync(string[] words, string[] languages, CancellationToken ct) =>
            (await db.Database.SqlQueryRaw<Lexized>(LexemesSql, new NpgsqlParameter<string[]>("p0", words), new NpgsqlParameter<string[]>("p1", languages))
                .ToListAsync(ct)).Select(x => (x.Word, x.Language, x.Lexemes)).ToList();
    }

    /// Sets <see cref="Row.Headline"/> of each row (they carry <see cref="Row.SearchBody"/>).
    public static async Task ApplyAsync(ArticlesDb db, string q, IReadOnlyList<Row> rows, CancellationToken ct, HighlightCache? cache = null)
    {
        var headlines = await PageHighlights.ComputeAsync(q,
            rows.Select(r => new HighlightSource(r.Language, r.Title, r.Subtitle, r.SearchBody ?? "")).ToList(), new Statements(db),
            cache ?? HighlightCache.Shared, ct);
        for (var i = 0; i < rows.Count; i++)
            rows[i].Headline = headlines[i];
    }
}
