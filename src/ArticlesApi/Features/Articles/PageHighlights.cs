using System.Text.RegularExpressions;
using ArticlesApi.Infrastructure.Caching;
using NpgsqlTypes;

namespace ArticlesApi.Features.Articles;

/// One search hit whose highlight is wanted: its language and the text the highlight is cut from.
public readonly record struct HighlightSource(string Language, string Title, string? Subtitle, string Body);

/// The two statements that tell <see cref="PageHighlights"/> what PostgreSQL makes of the words: q parsed in each language
/// (<see cref="ParseSql"/>) and the lexemes of words (<see cref="LexemesSql"/>). The API sends them through EF Core
/// (Articles.List.SearchHighlights), the raw bench endpoint through Npgsql: the same text, the same parameters.
public abstract class HighlightStatements
{
    /// Parameters: p0 = q, p1 = the languages (text[]). Rows: language, query.
    public const string ParseSql =
        "SELECT l AS language, websearch_to_tsquery(articles_search_config(l), @p0) AS query FROM unnest(@p1) AS l";

    /// Parameters: p0 = the words (text[]), p1 = their languages (text[]). Rows: word, language, lexemes.
    public const string LexemesSql =
        "SELECT w.word, w.language, tsvector_to_array(to_tsvector(articles_search_config(w.language), w.word)) AS lexemes FROM unnest(@p0, @p1) AS w(word, language)";

    public abstract Task<IReadOnlyList<(string Language, NpgsqlTsQuery Query)>> ParseAsync(string q, string[] languages, CancellationToken ct);

    public abstract Task<IReadOnlyList<(string Word, string Language, string[] Lexemes)>> LexemesAsync(string[] words, string[] languages, CancellationToken ct);
}

/// The highlights of a page of search hits, cut in the API by <see cref="Headline"/> (ADR 0048). Which words match stays
/// PostgreSQL's answer; what it answered is kept for the process (<see cref="HighlightCache"/>): q parsed in a language and
/// a word's lexemes in a language are functions of the text-search configuration alone, which only a migration changes.
/// So a page asks PostgreSQL only what no earlier page asked: a repeated q sends no statement, a new q in a known
/// language usually one (its parse) or two (the lexemes of words no page had yet).
public static class PageHighlights
{
    /// The headline (ts_headline's marks, not yet HTML) of each source, in order.
    public static async Task<string[]> ComputeAsync(string q, IReadOnlyList<HighlightSource> sources, HighlightStatements statements,
        HighlightCache cache, CancellationToken ct)
    {
        if (sources.Count == 0)
            return [];
        var analyses = await cache.AnalysesAsync(q, sources.Select(s => s.Language).Distinct(StringComparer.Ordinal).ToArray(), statements, ct);
        var plans = new Plan[sources.Count];
        var wanted = new HashSet<(string, string)>();
        for (var i = 0; i < plans.Length; i++)
        {
            plans[i] = new Plan(sources[i], analyses[sources[i].Language]);
            plans[i].AddCandidates(wanted);
        }
        // The body's candidates decide where the passage is cut. When PostgreSQL must be asked about one of them, it is asked
        // in the same statement about the words that may match around them (a passage reaches that far from each) and in
        // titles and subtitles; otherwise those are looked up once the passage is cut.
        if (!cache.KnowsAll(wanted))
            foreach (var plan in plans)
                plan.AddSurroundings(wanted);
        var lexemes = new Dictionary<(string, string), string[]>(wanted.Count);
        await cache.LexemesAsync(wanted, lexemes, statements, ct);
        wanted.Clear();
        foreach (var plan in plans)
            plan.CutPassage(lexemes, wanted);
        // Words of the passages not seen above (none when the cache knew every candidate).
        if (wanted.Count > 0)
            await cache.LexemesAsync(wanted, lexemes, statements, ct);
        return plans.Select(p => p.Mark(lexemes)).ToArray();
    }

    /// What the rows of one language share for one q: the query, its matching lexemes, their keys and the candidate pattern.
    internal sealed class QueryAnalysis
    {
        public QueryAnalysis(NpgsqlTsQuery query)
        {
            Query = query;
            Matching = Headline.MatchingLexemes(query);
            Keys = Headline.Operands(query).Select(o => Headline.Key(o.Text)).Distinct().ToArray();
            Candidates = Headline.CandidatePattern(Matching);
        }

        public NpgsqlTsQuery Query { get; }
        public HashSet<string> Matching { get; }
        public string[] Keys { get; }
        public Regex? Candidates { get; }
    }

    sealed class Plan(HighlightSource source, QueryAnalysis analysis)
    {
        readonly string _body = source.Body;
        readonly bool _everyWord = EveryWord(source.Language);
        List<(int At, string Text)> _candidates = [];
        List<Headline.Token> _document = [];

        string Language => source.Language;

        /// Indonesian, Irish, Tamil and Yiddish stems rewrite the start or middle of words ("pemerintah" is 'perintah', "Shínigh" 'sinigh',
        /// "என்றும்" 'எல்'): every word of these languages is asked for.
        static bool EveryWord(string language)
        {
            var code = language.AsSpan();
            var cut = code.IndexOfAny('-', '_');
            if (cut >= 0)
                code = code[..cut];
            foreach (var every in (ReadOnlySpan<string>)["id", "in", "ga", "ta", "yi", "ji"])
                if (code.Equals(every, StringComparison.OrdinalIgnoreCase))
                    return true;
            return false;
        }

        /// The body's candidates (the first 10 words that start like a matching lexeme).
        public void AddCandidates(HashSet<(string, string)> wanted)
        {
            if (analysis.Candidates is null)
                return;
            _candidates = Headline.Candidates(_body, analysis.Candidates).ToList();
            foreach (var c in _candidates)
                wanted.Add((Language, c.Text));
        }

        /// Title and subtitle words that may match, and those around the first candidate (as far as a passage reaches from it).
        public void AddSurroundings(HashSet<(string, string)> wanted)
        {
            AddMayMatch(source.Title, 0, source.Title.Length, wanted);
            if (source.Subtitle is { } subtitle)
                AddMayMatch(subtitle, 0, subtitle.Length, wanted);
            if (analysis.Candidates is null)
                return;
            var from = Math.Max(0, (_candidates.Count > 0 ? _candidates[0].At : 0) - PassageCharacters / 5);
            var to = Math.Min(_body.Length, from + PassageCharacters);
            AddMayMatch(_body, from, to, wanted);
        }

        /// The passage cut, its document tokenized; the words of it that may match and are not in `lexemes` go to `wanted`.
        public void CutPassage(IReadOnlyDictionary<(string, string), string[]> lexemes, HashSet<(string, string)> wanted)
        {
            var passage = Headline.Passage(_body, _candidates,
                chunk => lexemes.TryGetValue((Language, chunk), out var found) && found.Any(analysis.Matching.Contains), PassageCharacters);
            _document = Headline.Tokenize(Headline.Document(source.Title, source.Subtitle, passage));
            foreach (var t in _document)
                if (t.Lexized && MayMatch(t.Text) && !lexemes.ContainsKey((Language, t.Text)))
                    wanted.Add((Language, t.Text));
        }

        void AddMayMatch(string text, int from, int to, HashSet<(string, string)> wanted)
        {
            if (analysis.Keys.Length == 0)
                return;
            foreach (var t in Headline.Tokenize(from == 0 && to == text.Length ? text : text[from..to]))
                if (t.Lexized && MayMatch(t.Text))
                    wanted.Add((Language, t.Text));
        }

        bool MayMatch(string word) => analysis.Keys.Length > 0 && (_everyWord || Headline.MayMatch(word, analysis.Keys));

        public string Mark(IReadOnlyDictionary<(string, string), string[]> lexemes) =>
            Headline.Mark(_document, t => MayMatch(t.Text) && lexemes.TryGetValue((Language, t.Text), out var found) ? found : [], analysis.Query);
    }

    /// The highlight is cut from the title, the subtitle and this many characters of the body around the first word that
    /// matches in the article's language, cut at word boundaries (chosen when ts_headline cut it in the database: 1,000
    /// characters took 4.4 ms for a page of 21 at 1M, 300 took 1.3 ms; bench/README.md).
    public const int PassageCharacters = 300;
}

/// What PostgreSQL answered for highlights, kept for the process: q's parse per language (with what Headline derives from
/// it, the candidate pattern included) and each word's lexemes per language. Both are functions of the text-search
/// configurations, which change only by a migration (a restart). Bounded: a map that outgrows its limit is emptied
/// (a flood of distinct queries or words costs statements again, not memory).
public sealed class HighlightCache(int maxQueries = 2_000, int maxWords = 50_000)
{
    /// The API's (and the raw bench endpoint's) cache.
    public static HighlightCache Shared { get; } = new();

    readonly BoundedCache<(string Language, string Q), PageHighlights.QueryAnalysis> _queries = new(maxQueries);
    readonly BoundedCache<(string Language, string Word), string[]> _lexemes = new(maxWords);

    internal async Task<Dictionary<string, PageHighlights.QueryAnalysis>> AnalysesAsync(string q, string[] languages,
        HighlightStatements statements, CancellationToken ct)
    {
        var analyses = new Dictionary<string, PageHighlights.QueryAnalysis>(StringComparer.Ordinal);
        List<string>? missing = null;
        foreach (var language in languages)
        {
            if (_queries.TryGetValue((language, q), out var known))
                analyses[language] = known;
            else
                (missing ??= []).Add(language);
        }
        if (missing is null)
            return analyses;
        foreach (var (language, query) in await statements.ParseAsync(q, missing.ToArray(), ct))
        {
            var analysis = new PageHighlights.QueryAnalysis(query);
            analyses[language] = analysis;
            _queries.Keep((language, q), analysis);
        }
        return analyses;
    }

    internal bool KnowsAll(HashSet<(string Language, string Word)> words)
    {
        foreach (var w in words)
            if (!_lexemes.ContainsKey(w))
                return false;
        return true;
    }

    /// Adds the lexemes of every wanted word (language, word) to `found`, asking PostgreSQL for those not known yet.
    internal async Task LexemesAsync(HashSet<(string Language, string Word)> wanted, Dictionary<(string, string), string[]> found,
        HighlightStatements statements, CancellationToken ct)
    {
        List<(string Language, string Word)>? missing = null;
        foreach (var w in wanted)
        {
            if (_lexemes.TryGetValue(w, out var known))
                found[w] = known;
            else
                (missing ??= []).Add(w);
        }
        if (missing is null)
            return;
        var answered = await statements.LexemesAsync(missing.Select(m => m.Word).ToArray(), missing.Select(m => m.Language).ToArray(), ct);
        foreach (var (word, language, lexemes) in answered)
        {
            found[(language, word)] = lexemes;
            _lexemes.Keep((language, word), lexemes);
        }
    }
}
