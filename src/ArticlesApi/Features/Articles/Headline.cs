using System.Text;
using System.Text.RegularExpressions;
using NpgsqlTypes;

namespace ArticlesApi.Features.Articles;

/// The highlight of a search hit, computed in the API (it was ts_headline in the database: about half of a common word's
/// search CPU at 1M articles). A port of what articles_search_highlight did (migration OwnLanguageHighlights): the body
/// passage around the first real match, then PostgreSQL 15's ts_headline with MaxFragments (mark_hl_fragments, hlCover,
/// get_next_fragment, generateHeadline of wparser_def.c / ts_parse.c) over title, subtitle and passage. Which words match is
/// still PostgreSQL's answer: the query is parsed there per language, and the lexemes of the few words that could match
/// come from to_tsvector (see Articles.List.SearchHighlights); nothing is stemmed here.
/// Tokens follow the default text-search parser for prose (words, hyphenated words and their parts, numbers, dotted
/// names); URLs, e-mail addresses and paths are read as words and dots.
public static partial class Headline
{
    public const int MaxWords = 25;
    public const int MinWords = 10;
    public const int ShortWord = 3;
    public const int MaxFragments = 2;
    public const string FragmentDelimiter = " … ";
    /// ts_headline's limit on a cover's length in words: Max(MaxWords × 10, 100) × MaxFragments.
    const int MaxCover = 500;

    public enum Kind { Space, Word, Number, Compound }

    public sealed class Token(string text, Kind kind)
    {
        public string Text { get; } = text;
        public Kind Kind { get; } = kind;
        /// The token's position as to_tsvector counts it (every token but blanks advances it).
        public int Position { get; internal set; }
        public bool Lexized => Kind != Kind.Space;
    }

    /// Title, subtitle and passage as ts_headline was given them: the API's private-use characters removed, `<` sent as
    /// <see cref="Highlights.Less"/>, fields joined by <see cref="Highlights.Field"/>.
    public static string Document(string title, string? subtitle, string passage) =>
        Clean(title) + "\n" + Highlights.Field + "\n" + (subtitle is null ? "" : Clean(subtitle) + "\n" + Highlights.Field + "\n") + Clean(passage);

    static string Clean(string text)
    {
        if (text.AsSpan().IndexOfAny('<', Highlights.Start, Highlights.Stop) < 0 && text.AsSpan().IndexOfAny(Highlights.Field, Highlights.Less) < 0)
            return text;
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '<')
                clean.Append(Highlights.Less);
            else if (c is not (Highlights.Start or Highlights.Stop or Highlights.Field or Highlights.Less))
                clean.Append(c);
        }
        return clean.ToString();
    }

    static bool IsLetter(string s, int i) => char.IsLetter(s, i) || char.GetUnicodeCategory(s, i) is
        System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    static bool IsDigit(string s, int i) => char.IsAsciiDigit(s[i]);
    static bool IsAlnum(string s, int i) => i < s.Length && (IsDigit(s, i) || IsLetter(s, i));
    static int Next(string s, int i) => char.IsSurrogatePair(s, i) ? i + 2 : i + 1;

    static int RunEnd(string s, int i)
    {
        while (IsAlnum(s, i))
            i = Next(s, i);
        return i;
    }

    static bool HasLetter(string s, int from, int to)
    {
        for (var i = from; i < to; i = Next(s, i))
            if (IsLetter(s, i))
                return true;
        return false;
    }

    /// The tokens of the default parser that matter to a headline, blanks included, with their positions.
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        var position = 0;
        void Add(string t, Kind kind)
        {
            var token = new Token(t, kind);
            if (kind != Kind.Space)
                token.Position = ++position;
            tokens.Add(token);
        }
        while (i < text.Length)
        {
            if (IsAlnum(text, i))
            {
                var start = i;
                var end = RunEnd(text, i);
                // Dotted names and decimals: "U.S", "3.5", "www.example.com" are one token.
                if (end + 1 < text.Length && text[end] == '.' && IsAlnum(text, end + 1))
                {
                    while (end + 1 < text.Length && text[end] == '.' && IsAlnum(text, end + 1))
                        end = RunEnd(text, end + 1);
                    Add(text[start..end], HasLetter(text, start, end) ? Kind.Word : Kind.Number);
                    i = end;
                    continue;
                }
                var hasLetter = HasLetter(text, start, end);
                if (!(hasLetter && end + 1 < text.Length && text[end] == '-' && IsLetter(text, end + 1)))
                {
                    Add(text[start..end], hasLetter ? Kind.Word : Kind.Number);
                    i = end;
                    continue;
                }
                var parts = new List<(int From, int To)> { (start, end) };
                while (HasLetter(text, start, end) && end + 1 < text.Length && text[end] == '-' && IsLetter(text, end + 1))
                {
                    var from = end + 1;
                    end = RunEnd(text, from);
                    parts.Add((from, end));
                }
                {
                    // A hyphenated word, then its parts (the compound itself is never shown).
                    Add(text[start..end], Kind.Compound);
                    for (var p = 0; p < parts.Count; p++)
                    {
                        if (p > 0)
                            Add("-", Kind.Space);
                        Add(text[parts[p].From..parts[p].To], Kind.Word);
                    }
                }
                i = end;
            }
            else if (text[i] == '-' && i + 1 < text.Length && IsDigit(text, i + 1))
            {
                // A signed integer ("covid-19" is a word and "-19").
                var end = i + 1;
                while (end < text.Length && IsDigit(text, end))
                    end++;
                Add(text[i..end], Kind.Number);
                i = end;
            }
            else
            {
                var start = i;
                while (i < text.Length && !IsAlnum(text, i) && !(text[i] == '-' && i + 1 < text.Length && IsDigit(text, i + 1)))
                    i = Next(text, i);
                Add(text[start..i], Kind.Space);
            }
        }
        return tokens;
    }

    /// The query's operands, in tree order; a word matches an operand whose lexeme equals one of its lexemes (prefix operands: starts it).
    public static List<NpgsqlTsQueryLexeme> Operands(NpgsqlTsQuery query)
    {
        var operands = new List<NpgsqlTsQueryLexeme>();
        void Walk(NpgsqlTsQuery node)
        {
            switch (node)
            {
                case NpgsqlTsQueryLexeme l: operands.Add(l); break;
                case NpgsqlTsQueryNot n: Walk(n.Child); break;
                case NpgsqlTsQueryBinOp b: Walk(b.Left); Walk(b.Right); break;
            }
        }
        Walk(query);
        return operands;
    }

    /// The lexemes of operands not under a negation: what a word of the body must have to be a real match.
    public static HashSet<string> MatchingLexemes(NpgsqlTsQuery query)
    {
        var lexemes = new HashSet<string>(StringComparer.Ordinal);
        void Walk(NpgsqlTsQuery node)
        {
            switch (node)
            {
                case NpgsqlTsQueryLexeme l: lexemes.Add(l.Text); break;
                case NpgsqlTsQueryBinOp b: Walk(b.Left); Walk(b.Right); break;
            }
        }
        Walk(query);
        return lexemes;
    }

    static bool Matches(NpgsqlTsQueryLexeme operand, string lexeme) =>
        operand.IsPrefixSearch ? lexeme.StartsWith(operand.Text, StringComparison.Ordinal) : lexeme == operand.Text;

    /// Whether a token could have a lexeme matching one of the query's: its text, lower-cased and without accents, contains
    /// one of their <see cref="Key"/>s (a stemmer cuts a word's end, may rewrite its last letter — "moving" is 'move',
    /// "conferenza" 'conferent' — and in some languages cuts a prefix). Only these are sent to to_tsvector.
    public static bool MayMatch(string token, IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0)
            return false;
        if (token.Length <= 64 && Ascii.IsValid(token))
        {
            // Most words: folded on the stack.
            Span<char> span = stackalloc char[token.Length];
            FoldAscii(token, span);
            foreach (var key in keys)
                if (((ReadOnlySpan<char>)span).Contains(key, StringComparison.Ordinal))
                    return true;
            return false;
        }
        var folded = Fold(token);
        foreach (var key in keys)
            if (folded.Contains(key, StringComparison.Ordinal))
                return true;
        return false;
    }

    /// A lexeme folded as <see cref="Fold"/> folds, without its last letter when it has 4 or more.
    public static string Key(string lexeme)
    {
        var folded = Fold(lexeme);
        return folded.Length >= 4 ? folded[..^1] : folded;
    }

    /// Cyrillic read in Latin letters, as the Serbian stemmer writes its stems (lower case, U+0400–U+045F; Russian letters too,
    /// the same on both sides of the comparison).
    static readonly string[] Cyrillic = BuildCyrillic();

    static string[] BuildCyrillic()
    {
        var map = new string[0x60];
        for (var c = '\u0400'; c <= '\u045f'; c++)
            map[c - '\u0400'] = c.ToString();
        const string from = "абвгдђежзијклљмнњопрстћуфхцчџшыэюяйьъщё";
        string[] to = ["a", "b", "v", "g", "d", "d", "e", "z", "z", "i", "j", "k", "l", "lj", "m", "n", "nj", "o", "p", "r", "s", "t", "c", "u", "f", "h", "c", "c", "dz", "s", "i", "e", "ju", "ja", "j", "", "", "sc", "e"];
        for (var i = 0; i < from.Length; i++)
            map[from[i] - '\u0400'] = to[i];
        return map;
    }

    static void FoldAscii(ReadOnlySpan<char> text, Span<char> folded)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = char.ToLowerInvariant(text[i]);
            folded[i] = c == 'y' ? 'i' : c;
        }
    }

    /// Lower case, accents and ligatures folded as unaccent folds them, and y read as i (English stems end "treaty" as "treati").
    public static string Fold(string text)
    {
        if (Ascii.IsValid(text))
        {
            // Most words: no accents to fold.
            return string.Create(text.Length, text, (span, t) => FoldAscii(t, span));
        }
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (char.GetUnicodeCategory(c))
            {
                case System.Globalization.UnicodeCategory.NonSpacingMark when c < '\u0900':
                    continue;
            }
            folded.Append(c switch
            {
                'ß' => "ss", 'æ' => "ae", 'œ' => "oe", 'ø' => "o", 'đ' => "d", 'ł' => "l", 'ı' => "i", 'þ' => "th", 'ð' => "d", 'y' => "i",
                'ς' => "σ", 'ם' => "מ", 'ן' => "נ", 'ך' => "כ", 'ף' => "פ", 'ץ' => "צ",
                >= '\u0400' and <= '\u045f' => Cyrillic[c - '\u0400'],
                _ => c.ToString(),
            });
        }
        return folded.ToString();
    }

    sealed class Word(Token token)
    {
        public Token Token { get; } = token;
        public NpgsqlTsQueryLexeme? Item;
        public bool Repeated, Selected, In, Skip;
        public int Bytes { get; } = Encoding.UTF8.GetByteCount(token.Text);
        public bool NonWord => Token.Kind is Kind.Space or Kind.Compound;
        public bool NoEnd => NonWord || Token.Kind == Kind.Number;
    }

    /// ts_headline(config, document, query, 'MaxFragments=2, MaxWords=25, MinWords=10, StartSel=U+E000, StopSel=U+E001,
    /// FragmentDelimiter=" … "'), `lexemes` giving each token's lexemes in the article's configuration (none for tokens that
    /// cannot match).
    public static string Mark(IReadOnlyList<Token> tokens, Func<Token, IReadOnlyCollection<string>> lexemes, NpgsqlTsQuery query)
    {
        var operands = Operands(query);
        var words = new List<Word>(tokens.Count + 4);
        foreach (var token in tokens)
        {
            var word = new Word(token);
            words.Add(word);
            if (!token.Lexized || operands.Count == 0)
                continue;
            // to_tsvector of a hyphenated word gives its parts' lexemes too; the compound's own has the hyphen.
            foreach (var lexeme in lexemes(token).Where(l => token.Kind != Kind.Compound || l.Contains('-')))
                foreach (var operand in operands)
                {
                    if (!Matches(operand, lexeme))
                        continue;
                    if (word.Item is null)
                        word.Item = operand;
                    else
                        words.Add(new Word(token) { Item = operand, Repeated = true });
                }
        }
        MarkFragments(words, query);
        return Generate(words);
    }

    static bool Interesting(Word w) => w.Item is not null && !w.Repeated;
    static bool BadEndpoint(Word w) => (w.NoEnd || w.Bytes <= ShortWord) && !Interesting(w);

    static int FirstIndex(List<Word> words, int pos)
    {
        for (var i = pos; i < words.Count; i++)
            if (words[i].Item is not null)
                return i;
        return -1;
    }

    static bool Cover(List<Word> words, NpgsqlTsQuery query, ref int p, out int q)
    {
        q = -1;
        if (query is NpgsqlTsQueryEmpty)
            return false;
        var pmin = FirstIndex(words, p);
        while (pmin >= 0)
        {
            var nextpmin = -1;
            var pmax = pmin;
            do
            {
                if (Execute(query, words, pmin, pmax))
                {
                    p = pmin;
                    q = pmax;
                    return true;
                }
                var nextpmax = FirstIndex(words, pmax + 1);
                if (pmax == pmin)
                    nextpmin = nextpmax;
                pmax = nextpmax;
            }
            while (pmax >= 0 && pmax - pmin < MaxCover);
            pmin = nextpmin;
        }
        return false;
    }

    /// TS_execute over words[from..to]: operands by identity, phrases by positions.
    static bool Execute(NpgsqlTsQuery node, List<Word> words, int from, int to) => node switch
    {
        NpgsqlTsQueryLexeme l => Any(words, from, to, l),
        NpgsqlTsQueryNot n => !Execute(n.Child, words, from, to),
        NpgsqlTsQueryAnd a => Execute(a.Left, words, from, to) && Execute(a.Right, words, from, to),
        NpgsqlTsQueryOr o => Execute(o.Left, words, from, to) || Execute(o.Right, words, from, to),
        NpgsqlTsQueryFollowedBy f => Phrase(f, words, from, to).Ends.Count > 0,
        _ => false,
    };

    static bool Any(List<Word> words, int from, int to, NpgsqlTsQueryLexeme operand)
    {
        for (var i = from; i <= to; i++)
            if (ReferenceEquals(words[i].Item, operand))
                return true;
        return false;
    }

    /// End positions of a phrase's matches and its width (TS_phrase_execute for what websearch_to_tsquery writes: words,
    /// and phrases of words).
    static (SortedSet<int> Ends, int Width) Phrase(NpgsqlTsQuery node, List<Word> words, int from, int to)
    {
        switch (node)
        {
            case NpgsqlTsQueryLexeme l:
                var ends = new SortedSet<int>();
                for (var i = from; i <= to; i++)
                    if (ReferenceEquals(words[i].Item, l))
                        ends.Add(words[i].Token.Position);
                return (ends, 0);
            case NpgsqlTsQueryFollowedBy f:
                var (left, leftWidth) = Phrase(f.Left, words, from, to);
                var (right, rightWidth) = Phrase(f.Right, words, from, to);
                var matched = new SortedSet<int>(right.Where(r => left.Contains(r - rightWidth - f.Distance)));
                return (matched, leftWidth + f.Distance + rightWidth);
            case NpgsqlTsQueryOr o:
                var (a, wa) = Phrase(o.Left, words, from, to);
                var (b, wb) = Phrase(o.Right, words, from, to);
                a.UnionWith(b);
                return (a, Math.Max(wa, wb));
            case NpgsqlTsQueryAnd and:
                var (x, wx) = Phrase(and.Left, words, from, to);
                var (y, wy) = Phrase(and.Right, words, from, to);
                x.IntersectWith(y);
                return (x, Math.Max(wx, wy));
            default:
                return ([], 0);
        }
    }

    static void MarkFragment(List<Word> words, int start, int end)
    {
        for (var i = start; i <= end; i++)
        {
            var w = words[i];
            if (w.Item is not null)
                w.Selected = true;
            if (w.Token.Kind == Kind.Compound)
                w.Skip = true;
            w.In = !w.Repeated;
        }
    }

    sealed class Fragment
    {
        public int Start, End, PosLen, CurLen;
        public bool Chosen, Excluded;
    }

    static void NextFragment(List<Word> words, ref int start, ref int end, out int curlen, out int poslen)
    {
        int i;
        for (i = start; i <= end; i++)
        {
            start = i;
            if (Interesting(words[i]))
                break;
        }
        curlen = 0;
        poslen = 0;
        for (i = start; i <= end && curlen < MaxWords; i++)
        {
            if (!words[i].NonWord)
                curlen++;
            if (Interesting(words[i]))
                poslen++;
        }
        if (end > i)
        {
            end = i;
            for (i = end; i >= start; i--)
            {
                end = i;
                if (Interesting(words[i]))
                    break;
                if (!words[i].NonWord)
                    curlen--;
            }
        }
    }

    static void MarkFragments(List<Word> words, NpgsqlTsQuery query)
    {
        var covers = new List<Fragment>();
        var p = 0;
        while (Cover(words, query, ref p, out var q))
        {
            var start = p;
            var end = q;
            while (start <= end)
            {
                NextFragment(words, ref start, ref end, out var curlen, out var poslen);
                covers.Add(new Fragment { Start = start, End = end, CurLen = curlen, PosLen = poslen });
                start = end + 1;
                end = q;
            }
            p++;
        }

        var chosen = 0;
        for (var f = 0; f < MaxFragments; f++)
        {
            var maxitems = 0;
            var minwords = int.MaxValue;
            Fragment? best = null;
            foreach (var c in covers)
            {
                if (!c.Chosen && !c.Excluded && (maxitems < c.PosLen || (maxitems == c.PosLen && minwords > c.CurLen)))
                {
                    maxitems = c.PosLen;
                    minwords = c.CurLen;
                    best = c;
                }
            }
            if (best is null)
                break;
            best.Chosen = true;
            var (start, end, curlen) = (best.Start, best.End, best.CurLen);
            if (curlen < MaxWords)
            {
                var maxstretch = (MaxWords - curlen) / 2;
                var stretch = 0;
                var posmarker = start;
                int i;
                for (i = start - 1; i >= 0 && stretch < maxstretch && !words[i].In; i--)
                {
                    if (!words[i].NonWord)
                    {
                        curlen++;
                        stretch++;
                    }
                    posmarker = i;
                }
                for (i = posmarker; i < start && BadEndpoint(words[i]); i++)
                    if (!words[i].NonWord)
                        curlen--;
                start = i;
                posmarker = end;
                for (i = end + 1; i < words.Count && curlen < MaxWords && !words[i].In; i++)
                {
                    if (!words[i].NonWord)
                        curlen++;
                    posmarker = i;
                }
                for (i = posmarker; i > end && BadEndpoint(words[i]); i--)
                    if (!words[i].NonWord)
                        curlen--;
                end = i;
            }
            (best.Start, best.End, best.CurLen) = (start, end, curlen);
            MarkFragment(words, start, end);
            chosen++;
            foreach (var c in covers)
                if (c != best && ((c.Start >= start && c.Start <= end) || (c.End >= start && c.End <= end) || (c.Start < start && c.End > end)))
                    c.Excluded = true;
        }

        if (chosen == 0)
        {
            var curlen = 0;
            var end = -1;
            for (var i = 0; i < words.Count && curlen < MinWords; i++)
            {
                if (!words[i].NonWord)
                    curlen++;
                end = i;
            }
            MarkFragment(words, 0, end);
        }
    }

    static string Generate(List<Word> words)
    {
        var text = new StringBuilder();
        var inFragment = false;
        var fragments = 0;
        foreach (var w in words)
        {
            // A word's copy for a second operand it matches is neither shown nor the end of a fragment.
            if (w.Repeated)
                continue;
            if (!w.In)
            {
                inFragment = false;
                continue;
            }
            if (!inFragment)
            {
                inFragment = true;
                if (++fragments > 1)
                    text.Append(FragmentDelimiter);
            }
            if (w.Skip)
                continue;
            if (w.Selected)
                text.Append(Highlights.Start);
            text.Append(w.Token.Text);
            if (w.Selected)
                text.Append(Highlights.Stop);
        }
        return text.ToString();
    }

    /// The body passage articles_search_highlight cut: `size` characters from a fifth of them before the first word that
    /// matches in the article's language (the start of the body when none does in the first 10 candidates), cut back to whole
    /// words. Candidates: a word starting like one of the query's lexemes (case and common accents aside), its text up to the
    /// next white space then checked by `isMatch` (its lexemes include one of the query's).
    public static string Passage(string body, IReadOnlyList<(int At, string Text)> candidates, Func<string, bool> isMatch, int size)
    {
        var found = -1;
        foreach (var chunk in candidates)
            if (isMatch(chunk.Text))
            {
                found = chunk.At;
                break;
            }
        var start = Math.Max(0, (found < 0 ? 0 : found) - size / 5);
        var passage = body.Substring(Math.Min(start, body.Length), Math.Min(size, Math.Max(0, body.Length - start)));
        if (start > 0 && !char.IsWhiteSpace(body[start - 1]))
            passage = LeadingPart().Replace(passage, "", 1);
        if (start + size < body.Length && !char.IsWhiteSpace(body[start + size]))
            passage = TrailingPart().Replace(passage, "", 1);
        return passage;
    }

    /// The first 10 candidates of the body (articles_search_highlight tries as many): where each starts and its text to the next white space.
    public static IEnumerable<(int At, string Text)> Candidates(string body, Regex candidates)
    {
        var m = candidates.Match(body);
        for (var tries = 0; m.Success && tries < 10; tries++, m = m.NextMatch())
        {
            var chunk = body.AsSpan(m.Index, Math.Min(100, body.Length - m.Index));
            var stop = chunk.IndexOfAny(WhiteSpace);
            yield return (m.Index, (stop < 0 ? chunk : chunk[..stop]).ToString());
        }
    }

    static readonly System.Buffers.SearchValues<char> WhiteSpace = System.Buffers.SearchValues.Create(" \t\n\r\f\v\u00a0\u2028\u2029");

    /// articles_search_highlight's candidate pattern: a word starting with a lexeme, its vowels, c and n matching their accented forms.
    public static Regex? CandidatePattern(IEnumerable<string> lexemes)
    {
        var alternatives = lexemes.Select(l =>
        {
            var escaped = new StringBuilder();
            foreach (var c in l)
            {
                if (@"\*+?|{}[]()^$.#-' ".Contains(c))
                    escaped.Append('\\');
                escaped.Append(c);
            }
            return escaped.ToString().Replace("a", "[aàáâãäåā]").Replace("e", "[eèéêëē]").Replace("i", "[iìíîïīyý]")
                .Replace("o", "[oòóôõöøō]").Replace("u", "[uùúûüū]").Replace("c", "[cç]").Replace("n", "[nñ]");
        }).ToList();
        return alternatives.Count == 0 ? null
            : new Regex(@"(?<![\p{L}\p{N}_])(?:" + string.Join("|", alternatives) + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^\S*\s+")]
    private static partial Regex LeadingPart();

    [GeneratedRegex(@"\s+\S*$")]
    private static partial Regex TrailingPart();
}
