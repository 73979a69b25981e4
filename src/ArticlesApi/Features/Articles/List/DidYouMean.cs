using System.Text.RegularExpressions;
using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;

namespace Articles.List;

/// meta.didYouMean: when a search finds little, q with each word unknown to the published articles replaced by the
/// nearest known word by trigram similarity (migration SearchAsReadersTypeHsearchtype: search_words holds only the
/// words of published articles, so a draft's words are never suggested).
static partial class DidYouMean
{
    /// "Little": fewer matches than this, all on the first page.
    public const int FewMatches = 3;

    /// Only on a first page that shows every match (no next page), when they are fewer than FewMatches.
    public static bool IsWanted(ArticleQuery query, bool firstPage, int rows, int limit) =>
        query.Q is not null && firstPage && rows <= limit && rows < FewMatches;

    public static async Task<string?> SuggestAsync(ArticlesDb db, string q, string? language, CancellationToken ct)
    {
        var words = Word().Matches(q).Select(m => m.Value.ToLowerInvariant())
            .Where(w => w.Length >= 3 && w != "or").Distinct().ToArray();
        if (words.Length == 0)
            return null;
        var found = await db.Database.SqlQuery<WordSuggestion>(
            $"SELECT word, suggestion FROM articles_search_suggestions({words}, {language}::text)").ToListAsync(ct);
        if (found.Count == 0)
            return null;
        var nearest = found.ToDictionary(s => s.Word, s => s.Suggestion, StringComparer.Ordinal);
        var corrected = Word().Replace(q, m => nearest.GetValueOrDefault(m.Value.ToLowerInvariant(), m.Value));
        return corrected == q ? null : corrected;
    }

    sealed record WordSuggestion(string Word, string Suggestion);

    [GeneratedRegex(@"[\p{L}\p{M}]+")]
    private static partial Regex Word();
}
