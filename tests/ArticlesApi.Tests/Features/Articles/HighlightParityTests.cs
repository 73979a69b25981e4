using System.Text.RegularExpressions;
using Articles.List;
using ArticlesApi.Data;
using ArticlesApi.Data.Seed;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

/// The API's highlights (SearchHighlights, Headline) against what ts_headline gave before (articles_search_highlight, kept in
/// the database for this comparison): the same snippet — the same words marked, the same fragments — for every word of a
/// paragraph in each language with a stemmer (and one without), for pairs, `or`, phrases and exclusions, and over the
/// sample newsroom.
public sealed partial class HighlightParityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static Row RowOf(string language, string title, string? subtitle, string body) =>
        new() { Slug = "s", Title = title, Subtitle = subtitle, Excerpt = "", Language = language, SearchBody = body };

    static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    /// Queries from a text: its words one by one, and pairs of neighbours as words, `or`, a phrase and an exclusion.
    static IEnumerable<string> QueriesOf(string text, int words)
    {
        var all = Words(text).Distinct().ToList();
        var step = Math.Max(1, all.Count / words);
        var chosen = all.Where((_, i) => i % step == 0).Take(words).ToList();
        foreach (var w in chosen)
            yield return w;
        for (var i = 0; i + 1 < chosen.Count; i += 4)
        {
            yield return $"{chosen[i]} {chosen[i + 1]}";
            yield return $"{chosen[i]} or {chosen[i + 1]}";
            // An exclusion of the searched word itself ("A -a") finds nothing: no hit would show its highlight.
            if (!chosen[i].Equals(chosen[i + 1], StringComparison.OrdinalIgnoreCase))
                yield return $"{chosen[i]} -{chosen[i + 1]}";
        }
        var sequence = Words(text).ToList();
        for (var i = 0; i + 1 < sequence.Count; i += 9)
            yield return $"\"{sequence[i]} {sequence[i + 1]}\"";
    }

    async Task<List<string>> MismatchesAsync(IReadOnlyList<(string Language, string Title, string? Subtitle, string Body)> texts, IEnumerable<string> queries)
    {
        await using var db = api.Database.CreateContext();
        var mismatches = new List<string>();
        foreach (var q in queries.Distinct())
        {
            var rows = texts.Select(t => RowOf(t.Language, t.Title, t.Subtitle, t.Body)).ToList();
            await SearchHighlights.ApplyAsync(db, q, rows, _ct);
            for (var i = 0; i < texts.Count; i++)
            {
                var t = texts[i];
                var expected = Highlights.ToHtml(await db.Database.SqlQuery<string>(
                    $"SELECT articles_search_highlight({t.Language}, {q}, {t.Title}, {t.Subtitle}, {t.Body}, {Search.HighlightBodyCharacters}, {Search.HeadlineOptions}) AS \"Value\"")
                    .SingleAsync(_ct));
                var actual = Highlights.ToHtml(rows[i].Headline.ShouldNotBeNull());
                if (expected != actual)
                    mismatches.Add($"[{t.Language}] q={q}\n  ts_headline: {expected}\n  API:         {actual}");
            }
        }
        return mismatches;
    }

    [Fact]
    public async Task Highlights_Match_Ts_Headline_In_Every_Language()
    {
        // The body twice, with a filler between, so that the passage is cut around a match in the middle of the body.
        var texts = HighlightParityTexts.All.Select(t => (t.Language, t.Title, (string?)null,
            t.Text + " " + string.Join(" ", Enumerable.Repeat("—", 40)) + " " + t.Text)).ToList();
        var queries = HighlightParityTexts.All.SelectMany(t => QueriesOf(t.Title + " " + t.Text, 8));

        var mismatches = await MismatchesAsync(texts, queries);

        mismatches.ShouldBeEmpty(string.Join(", ", mismatches.GroupBy(m => m[..4]).Select(g => $"{g.Key} {g.Count()}")) + "\n" +
            string.Join("\n", mismatches.GroupBy(m => m[..4]).SelectMany(g => g.Take(2))));
    }

    [Fact]
    public async Task Highlights_Match_Ts_Headline_Over_The_Sample_Newsroom()
    {
        await using var db = api.Database.CreateContext();
        SampleNewsroom.AddTo(db, new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), new Dictionary<Guid, ArticlesApi.Domain.MediaImage>());
        var articles = db.ChangeTracker.Entries<Article>().Select(e => e.Entity).ToList();
        articles.Count.ShouldBeGreaterThan(5);
        var texts = articles.Select(a => (a.Language, a.Title, a.Subtitle, a.Body.Text)).ToList();
        var queries = articles.SelectMany(a => QueriesOf(a.Title + " " + a.Body.Text, 6));

        var mismatches = await MismatchesAsync(texts, queries);

        mismatches.ShouldBeEmpty(string.Join("\n", mismatches.Take(15)));
    }

    [GeneratedRegex(@"[\p{L}\p{M}]+")]
    private static partial Regex WordPattern();
}
