using System.Text;

namespace ArticlesApi.Tests.Features.Articles;

/// Markdown bodies shaped to hurt: deep nesting for the parser and the renderer, amplification for the
/// HTML, and runs that PostgreSQL's text-search parser reads in quadratic time. Each is about `size`
/// characters. Shared with bench/studies/pathological-bodies, which times them.
public static class PathologicalBodies
{
    public static IEnumerable<(string Name, Func<int, string> Build)> Shapes =>
    [
        // Nesting.
        ("blockquotes", n => new string('>', n - 2) + " x"),
        ("blockquotes-spaced", n => Repeat("> ", n / 2) + "x"),
        ("nested-lists-300", _ => string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', 2 * i) + "- x\n"))),
        ("list-markers-one-line", n => Repeat("- ", n / 2) + "x"),
        ("ordered-markers-one-line", n => Repeat("1. ", n / 3) + "x"),
        ("quote-list-mix", n => Repeat("> - ", n / 4) + "x"),
        ("brackets", n => new string('[', n)),
        ("brackets-closed", n => new string('[', n / 2) + new string(']', n / 2)),
        ("link-in-link", n => Repeat("[a", n / 2) + Repeat("](u)", n / 8)),
        ("images-nested", n => Repeat("![", n / 2)),
        ("parentheses-in-link", n => "[a](" + new string('(', n - 5) + ")"),
        ("emphasis-stars", n => new string('*', n)),
        ("emphasis-alternating", n => Repeat("*a", n / 2)),
        ("emphasis-nested", n => Repeat("*a **", n / 10) + Repeat("** a*", n / 10)),
        ("emphasis-underscores", n => Repeat("_a", n / 2)),
        ("strike-tildes", n => Repeat("~~a", n / 3)),
        ("containers-nested", n => Repeat(":::\n", n / 8) + Repeat(":::\n", n / 8)),
        ("footnotes-nested", n => Repeat("[^a]: ", n / 6) + "x"),
        // Floods.
        ("less-than", n => new string('<', n)),
        ("ampersands", n => new string('&', n)),
        ("entities", n => Repeat("&amp;", n / 5)),
        ("numeric-entities", n => Repeat("&#x10FFFF;", n / 10)),
        ("backticks", n => new string('`', n)),
        ("backtick-runs", n => string.Concat(Enumerable.Range(1, 300).Select(i => new string('`', i) + "a ")).PadRight(n, 'a')),
        ("backtick-open-code", n => Repeat("`a", n / 2)),
        ("dollars", n => Repeat("$a", n / 2)),
        ("pipes", n => new string('|', n)),
        ("table-wide", n => Table(columns: Math.Max(1, n / 40), rows: 10)),
        ("table-long", n => Table(columns: 3, rows: n / 20)),
        ("headings-same-title", n => Repeat("# a\n", n / 4)),
        ("autolinks", n => Repeat("www.a.b ", n / 8)),
        // Amplification: a short reference or abbreviation repeated many times.
        ("reference-amplification", n => $"[r]: https://example.org/{new string('u', 1000)} \"{new string('t', 1000)}\"\n\n" + Repeat("[a][r]", n / 6)),
        ("abbreviation-amplification", n => $"*[a]: {new string('t', 1000)}\n\n" + Repeat("a ", n / 2)),
        ("footnote-references", n => "[^a]: note\n\n" + Repeat("[^a]", n / 4)),
        // PostgreSQL's text-search parser: runs it backtracks over, comments it never closes.
        ("pg-underscores", n => Repeat("a_", n / 2)),
        ("pg-hyphen-dots", n => Repeat("a-b.", n / 4)),
        ("pg-underscore-hyphens", n => Repeat("a_b-", n / 4)),
        ("pg-open-comments", n => Repeat("<!-- a ", n / 7)),
        ("pg-long-word", n => new string('x', n)),
        ("pg-unique-words", n => string.Join(' ', Enumerable.Range(0, n / 6).Select(i => i.ToString("x5")))),
        ("pg-unique-cjk-pairs", n => string.Join(' ', Enumerable.Range(0, n / 3).Select(i => $"{(char)(0x4E00 + i / 150)}{(char)(0x4E00 + i % 150)}"))),
        ("pg-urls", n => Repeat("http://a.b/c-d_e.f?g=h ", n / 24)),
        ("pg-emails", n => Repeat("a.b-c@d-e.f ", n / 12)),
        ("pg-numbers", n => Repeat("1.5e-3 -2.0 ", n / 12)),
        ("pg-long-url", n => "http://" + Repeat("a-b.", (n - 7) / 4)),
        ("plain-words", n => Repeat("lorem ipsum dolor sit amet ", n / 27)),
        ("dense-markup", DenseMarkup),
    ];

    /// An article as markup-heavy as a real one gets (about one element per 13 characters), `size` characters
    /// long: what a maximal valid body looks like.
    public static string DenseMarkup(int size)
    {
        const string section = "## A section on *reading* long bodies\n\n"
            + "A paragraph with **bold**, a [link](https://example.org/a-long-path_with-odd.chars) and `code`, "
            + "plus words_with_underscores and a-hyphenated.dotted-run that PostgreSQL's parser reads slowly.\n\n"
            + "- one\n- two\n  - nested\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n> A quote.\n\n```js\nconst x = 1;\n```\n\n";
        return Repeat(section, size / section.Length + 1)[..size];
    }

    static string Repeat(string unit, int times) => new StringBuilder(unit.Length * Math.Max(0, times)).Insert(0, unit, Math.Max(0, times)).ToString();

    static string Table(int columns, int rows)
    {
        var builder = new StringBuilder();
        builder.Append('|').Append(Repeat(" h |", columns)).Append('\n');
        builder.Append('|').Append(Repeat("---|", columns)).Append('\n');
        for (var r = 0; r < rows; r++)
            builder.Append('|').Append(Repeat(" c |", columns)).Append('\n');
        return builder.ToString();
    }
}
