using ArticlesApi.Data;
using ArticlesApi.Features.Articles;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Articles.List;

/// The highlights of a page of search hits, computed in the API (<see cref="Headline"/>) instead of by ts_headline per row:
/// two small statements per page instead of 21 headlines. The first parses q in each language of the page (as
/// articles_search_highlight did: websearch_to_tsquery in the article's configuration, no prefixes); the second asks
/// to_tsvector for the lexemes of the words that could match (<see cref="Headline.MayMatch"/>), so which words are marked
/// stays PostgreSQL's stemming, stop words and accent folding.
static class SearchHighlights
{
    sealed record LanguageQuery(string Language, NpgsqlTsQuery Query);

    sealed record Lexized(string Word, string Language, string[] Lexemes);

    /// Sets <see cref="Row.Headline"/> of each row (they carry <see cref="Row.SearchBody"/>).
    public static async Task ApplyAsync(ArticlesDb db, string q, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
            return;
        var languages = rows.Select(r => r.Language).Distinct(StringComparer.Ordinal).ToArray();
        var queries = (await db.Database.SqlQuery<LanguageQuery>(
                $"SELECT l AS language, websearch_to_tsquery(articles_search_config(l), {q}) AS query FROM unnest({languages}) AS l").ToListAsync(ct))
            .ToDictionary(x => x.Language, x => x.Query, StringComparer.Ordinal);

        var analyses = queries.ToDictionary(x => x.Key, x => new QueryAnalysis(x.Value), StringComparer.Ordinal);
        var plans = rows.Select(row => new Plan(row, analyses[row.Language])).ToList();
        var lexemes = new Dictionary<(string Language, string Word), string[]>();
        // What could match: the body's candidates (the passage depends on them) and the words around them.
        await LexizeAsync(db, lexemes, plans.SelectMany(p => p.Wanted()), ct);
        foreach (var plan in plans)
            plan.CutPassage(lexemes);
        // Words of a passage not seen above (rare: the passage starts where no candidate was).
        await LexizeAsync(db, lexemes, plans.SelectMany(p => p.WantedInDocument()), ct);
        foreach (var plan in plans)
            plan.Row.Headline = plan.Mark(lexemes);
    }

    static async Task LexizeAsync(ArticlesDb db, Dictionary<(string, string), string[]> lexemes, IEnumerable<(string Language, string Word)> wanted, CancellationToken ct)
    {
        var missing = wanted.Where(w => !lexemes.ContainsKey(w)).Distinct().ToArray();
        if (missing.Length == 0)
            return;
        var words = missing.Select(m => m.Word).ToArray();
        var languages = missing.Select(m => m.Language).ToArray();
        var found = await db.Database.SqlQuery<Lexized>(
            $"SELECT w.word, w.language, tsvector_to_array(to_tsvector(articles_search_config(w.language), w.word)) AS lexemes FROM unnest({words}, {languages}) AS w(word, language)").ToListAsync(ct);
        foreach (var f in found)
            lexemes[(f.Language, f.Word)] = f.Lexemes;
    }

    /// What the rows of one language share: the query, its matching lexemes, their keys and the candidate pattern.
    sealed class QueryAnalysis
    {
        public QueryAnalysis(NpgsqlTsQuery query)
        {
            Query = query;
            Matching = Headline.MatchingLexemes(query);
            Keys = Headline.Operands(query).Select(o => Headline.Key(o.Text)).Distinct().ToList();
            Candidates = Headline.CandidatePattern(Matching);
        }

        public NpgsqlTsQuery Query { get; }
        public HashSet<string> Matching { get; }
        public List<string> Keys { get; }
        public System.Text.RegularExpressions.Regex? Candidates { get; }
    }

    sealed class Plan
    {
        readonly NpgsqlTsQuery _query;
        readonly HashSet<string> _matching;
        readonly List<string> _folded;
        readonly System.Text.RegularExpressions.Regex? _candidates;
        readonly string _body;
        readonly bool _everyWord;
        string _passage = "";

        public Plan(Row row, QueryAnalysis analysis)
        {
            Row = row;
            _query = analysis.Query;
            _matching = analysis.Matching;
            _folded = analysis.Keys;
            _candidates = analysis.Candidates;
            _body = row.SearchBody ?? "";
            _everyWord = row.Language.Split('-', '_')[0].ToLowerInvariant() is "id" or "in" or "ga" or "ta" or "yi" or "ji";
        }

        public Row Row { get; }

        string Language => Row.Language;

        /// Title and subtitle words that may match, the body's candidates, and the words that may match around them
        /// (as far as a passage reaches from each).
        public IEnumerable<(string, string)> Wanted()
        {
            foreach (var w in CandidatesIn(Row.Title).Concat(Row.Subtitle is null ? [] : CandidatesIn(Row.Subtitle)))
                yield return (Language, w);
            if (_candidates is null)
                yield break;
            var candidates = Headline.Candidates(_body, _candidates).ToList();
            foreach (var c in candidates)
                yield return (Language, c.Text);
            // The passage around the first candidate (usually the match); another passage's words are asked for after.
            var from = Math.Max(0, (candidates.Count > 0 ? candidates[0].At : 0) - Search.HighlightBodyCharacters / 5);
            var to = Math.Min(_body.Length, from + Search.HighlightBodyCharacters);
            foreach (var w in CandidatesIn(_body[from..to]))
                yield return (Language, w);
        }

        public void CutPassage(Dictionary<(string, string), string[]> lexemes) =>
            _passage = Headline.Passage(_body, _candidates,
                chunk => lexemes.TryGetValue((Language, chunk), out var found) && found.Any(_matching.Contains), Search.HighlightBodyCharacters);

        public IEnumerable<(string, string)> WantedInDocument() =>
            CandidatesIn(Headline.Document(Row.Title, Row.Subtitle, _passage)).Select(w => (Language, w));

        IEnumerable<string> CandidatesIn(string text) =>
            Headline.Tokenize(text).Where(t => t.Lexized && MayMatch(t.Text)).Select(t => t.Text);

        /// Indonesian, Irish, Tamil and Yiddish stems rewrite the start or middle of words ("pemerintah" is 'perintah', "Shínigh" 'sinigh',
        /// "என்றும்" 'எல்'): every word of these languages is asked for.
        bool MayMatch(string word) => _folded.Count > 0 && (_everyWord || Headline.MayMatch(word, _folded));

        public string Mark(Dictionary<(string, string), string[]> lexemes) =>
            Headline.Mark(Headline.Tokenize(Headline.Document(Row.Title, Row.Subtitle, _passage)),
                t => MayMatch(t.Text) && lexemes.TryGetValue((Language, t.Text), out var found) ? found : [], _query);
    }
}
