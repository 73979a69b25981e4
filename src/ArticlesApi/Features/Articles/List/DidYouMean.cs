using System.Text.RegularExpressions;
using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// meta.didYouMean: when a search finds little, q with its misspelt words replaced by near words (pg_trgm over the
/// search_words table, migration SearchAsReadersTypeHsearchtype), but only a corrected q that finds at least one
/// article of this very list: the caller's visibility at `now`, statuses and filters (ArticleFilters), so a word
/// known only from an article the caller may not see (scheduled and not yet due, taken down, trashed) is never
/// suggested (docs/decisions/0033). That check also makes the suggestion match the way the list matches (stems,
/// languages), which the word table alone does not.
static partial class DidYouMean
{
    /// "Little": fewer matches than this, all on the first page.
    public const int FewMatches = 3;

    /// Near words considered per misspelt word, the nearest first.
    const int CandidatesPerWord = 3;

    /// At most this many corrected q are tried (each costs a parse and a LIMIT 1 search), the nearest first.
    const int MaxTries = 4;

    /// Only on a first page that shows every match (no next page), when they are fewer than FewMatches.
    public static bool IsWanted(ArticleQuery query, bool firstPage, int rows, int limit) =>
        query.Q is not null && firstPage && rows <= limit && rows < FewMatches;

    public static async Task<string?> SuggestAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, CancellationToken ct)
    {
        var q = query.Q!;
        var words = Word().Matches(q).Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length >= 3 && w != "or").Distinct().ToArray();
        if (words.Length == 0)
            return null;
        var near = (await db.Database.SqlQuery<WordCandidate>($"""
            SELECT q.word, c.candidate
            FROM unnest({words}) AS q(word)
            CROSS JOIN LATERAL (
                SELECT s.word AS candidate, max(similarity(s.word, q.word))::float8 AS similarity, sum(s.articles) AS articles
                FROM search_words s
                WHERE s.word % q.word AND s.articles > 0
                  AND ({query.Language}::text IS NULL OR s.config = articles_search_config({query.Language}::text)::text)
                  AND to_tsvector(s.config::regconfig, s.word) <> ''
                GROUP BY s.word
                ORDER BY max(similarity(s.word, q.word)) DESC, sum(s.articles) DESC, s.word
                LIMIT {CandidatesPerWord + 1}) AS c
            ORDER BY q.word, c.similarity DESC, c.articles DESC, c.candidate
            """).ToListAsync(ct)).ToLookup(c => c.Word, StringComparer.Ordinal);

        // A word of q the table knows is kept when it finds something for this caller; known only from articles the
        // caller may not see, it is as good as misspelt (else whether it is corrected would tell that it exists).
        var corrections = new List<(string Word, string[] Candidates)>();
        foreach (var word in words)
        {
            var candidates = near[word].Select(c => c.Candidate).ToList();
            if (candidates.Remove(word) && await FindsAnyAsync(db, now, viewer, query, word, ct))
                continue;
            if (candidates.Count > 0)
                corrections.Add((word, [.. candidates.Take(CandidatesPerWord)]));
        }
        if (corrections.Count == 0)
            return null;

        foreach (var choice in Choices(corrections.Select(c => c.Candidates.Length).ToArray()).Take(MaxTries))
        {
            var replace = corrections.Select((c, i) => (c.Word, Candidate: c.Candidates[choice[i]]))
                .ToDictionary(c => c.Word, c => c.Candidate, StringComparer.Ordinal);
            var corrected = Word().Replace(q, m => replace.GetValueOrDefault(m.Value.ToLowerInvariant(), m.Value));
            if (corrected != q && await FindsAnyAsync(db, now, viewer, query, corrected, ct))
                return corrected;
        }
        return null;
    }

    /// Whether q, in place of the query's, finds at least one article of the list (same caller, time and filters).
    static async Task<bool> FindsAnyAsync(ArticlesDb db, DateTime now, ArticleViewer viewer, ArticleQuery query, string q, CancellationToken ct)
    {
        var search = await Search.ParseAsync(db, q, ct);
        if (search.Parsed.Kind == NpgsqlTsQuery.NodeKind.Empty || SearchLimits.LexemesOf(search.Parsed) > SearchLimits.MaxLexemes)
            return false;
        return await (await ArticleFilters.MatchingAsync(db, now, viewer, query with { Q = q }, search, ct)).AnyAsync(ct);
    }

    /// Every choice of one candidate per word (indexes), the nearest first: by the sum of the indexes, then in order.
    static IEnumerable<int[]> Choices(int[] counts)
    {
        for (var sum = 0; sum <= counts.Sum(c => c - 1); sum++)
            foreach (var choice in WithSum(counts, 0, sum))
                yield return choice;
    }

    static IEnumerable<int[]> WithSum(int[] counts, int from, int sum)
    {
        if (from == counts.Length)
        {
            if (sum == 0)
                yield return new int[counts.Length];
            yield break;
        }
        for (var i = 0; i <= Math.Min(sum, counts[from] - 1); i++)
            foreach (var rest in WithSum(counts, from + 1, sum - i))
            {
                rest[from] = i;
                yield return rest;
            }
    }

    sealed record WordCandidate(string Word, string Candidate);

    [GeneratedRegex(@"[\p{L}\p{M}]+")]
    private static partial Regex Word();
}
