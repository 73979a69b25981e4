using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace ArticlesApi.Data;

/// SQL functions of the full-text search (migrations ArticleSearch, SearchPlans and SearchLanguageMarker), mapped here so
/// LINQ queries can call them. Each article is indexed with its own language's configuration
/// (articles_italian, articles_english, … each chaining unaccent before the stemmer; articles_simple
/// for languages PostgreSQL has no stemmer for) in the stored column search_vector.
public static class ArticleSearch
{
    /// Shadow property of Article mapped to the stored, generated search_vector column.
    public const string VectorProperty = "SearchVector";

    /// Weights: title A, subtitle and excerpt B, body C (ts_rank's defaults make A count 10× C). Each text
    /// goes through articles_search_document (migration BoundedSearchDocument), which bounds the parser's work.
    public const string VectorSql =
        "setweight(to_tsvector(articles_search_config(language), articles_search_document(title)), 'A') || " +
        "setweight(to_tsvector(articles_search_config(language), articles_search_document(coalesce(subtitle, '') || ' ' || excerpt)), 'B') || " +
        "setweight(to_tsvector(articles_search_config(language), articles_search_document(body_text)), 'C')";

    /// The row matches q in its own language. `marked` is articles_search_queries(q)[2]: each distinct
    /// parse of q ANDed with the markers of the configurations that parse q that way, answered by the GIN
    /// index on the vector plus its language's marker (migration SearchLanguageMarker) without reading
    /// the vector. Read once per request: parsing q with 29 configurations is most of a search's planning.
    [DbFunction("articles_search_matches", IsBuiltIn = false)]
    public static bool Matches(NpgsqlTsVector vector, string language, NpgsqlTsQuery marked) => throw Unsupported();

    /// Matches, as a filter on rows found otherwise: ts_match_vq is what `@@` calls, but a function call is never made an
    /// index condition (Articles.List.SearchCore checks q on the rows its core found, without GIN reading q's prefix).
    [DbFunction("ts_match_vq", IsBuiltIn = true)]
    public static bool MatchesFound(NpgsqlTsVector markedVector, NpgsqlTsQuery marked) => throw Unsupported();

    /// The row matches q in its own language, checked on its vector as it is: `parses[i]` is q as `configs[i]` parses it
    /// (SearchKeys.ByConfig), the row's configuration picks its parse (migration SearchOwnWalk). Matches answers the same, but
    /// as a filter it copies each row's vector to add the marker before matching: a common word's date walk spent ~1.7 of
    /// its ~2.9 ms there at 1M. Never an index condition: only for a walk (SearchWindow's own walk).
    [DbFunction("articles_search_matches_own", IsBuiltIn = false)]
    public static bool MatchesOwn(NpgsqlTsVector vector, string language, string[] configs, NpgsqlTsQuery[] parses) => throw Unsupported();

    /// The row's vector with its language's marker (the expression of the marked GIN index).
    [DbFunction("articles_search_marker", IsBuiltIn = false)]
    public static NpgsqlTsVector Marker(string language) => throw Unsupported();

    /// The row matches q in its own language when the list is filtered on one language (`language`: the filter's tag):
    /// the row's configuration is the filter's, and its vector matches q as that configuration parses it. Answered by that
    /// configuration's partial GIN index (migration SearchLanguageIndexesHsearchidx), which holds only its own
    /// language's articles, so no marker posting list (half the table) is walked: a rare word read 1,398 buffers
    /// instead of 3,620 at 1M articles. Planned for the values (CustomPlans): the configuration and q's parse fold to constants.
    [DbFunction("articles_search_matches_language", IsBuiltIn = false)]
    public static bool MatchesLanguage(NpgsqlTsVector vector, string language, string filtered, string q) => throw Unsupported();

    /// ts_rank_cd of the parsed query, normalised by document length (long articles do not win by size alone).
    [DbFunction("articles_search_rank", IsBuiltIn = false)]
    public static float Rank(NpgsqlTsVector vector, NpgsqlTsQuery query) => throw Unsupported();

    /// The highlight of a search hit (migration OwnLanguageHighlights): ts_headline in the article's own configuration, with
    /// q parsed by that configuration only, over the title, the subtitle and `size` characters of the body around its
    /// first real match (cut at word boundaries), the fields joined by <see cref="ArticlesApi.Features.Articles.Highlights.Field"/>.
    [DbFunction("articles_search_highlight", IsBuiltIn = false)]
    public static string Highlight(string language, string q, string title, string? subtitle, string body, int size, string options) => throw Unsupported();

    public static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(Highlight))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(Matches))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(MatchesLanguage))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(MatchesFound))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(MatchesOwn))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(Marker))!);
        modelBuilder.HasDbFunction(typeof(ArticleSearch).GetMethod(nameof(Rank))!);
    }

    static InvalidOperationException Unsupported() => new("Only for LINQ queries translated to SQL.");
}
