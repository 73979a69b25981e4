using ArticlesApi.Data;
using Microsoft.EntityFrameworkCore;
using ArticlesApi.Infrastructure.Paging;
using Match = Articles.List.SearchMatchSet.Match;

namespace Articles.List;

/// A request whose match set holds exactly its matches (SearchWindow.Window.NewestFirst): its page by date, its relevance window,
/// its facets' newest matches and its total come from the match set's ids and dates, so the articles read are those shown
/// (ADR 0034, "2026-12-06 late, matchpage"). Before, each of the three statements read every match's article row by its key, then
/// sorted them: at 1M `politica or per or die` by two authors (4,730 matches) read them for the page (41 ms, `limit=1`), again
/// for the facets' newest 201 (20 ms) and, asked, again for the total.
static class SearchMatchPage
{
    /// `matches` sorted newest first (in place): later date first, then the greater id as PostgreSQL orders uuids, as the list does.
    public static Match[] NewestFirst(Match[] matches)
    {
        Array.Sort(matches, (a, b) => Compare(b, a));
        return matches;
    }

    /// The ids a page can show (the `take` after the cursor, in a date order; the RelevanceWindow newest, which the page ranks;
    /// the `take` last updated, ByUpdatesAsync), or `set` itself when it holds no dates or the order is another (title: the page
    /// reads every match, as before).
    public static async Task<SearchWindow.Window> PageOfAsync(ArticlesDb db, SearchCatalog catalog, IConfiguration configuration,
        SearchWindow.Window set, ArticleSort sort, ArticleCursor? after, int take, CancellationToken ct)
    {
        if (set.NewestFirst is not { } newest)
            return set;
        // The cursor's instant (a publication date, or an update for `-updatedAt`) and id.
        Match? cursor = after?.At is { } ticks ? new Match { Id = after.Id, PublishedAt = CursorFields.Instant(ticks) } : null;
        return sort switch
        {
            // Read with their updates (SearchDatedSpan): sorted here, as the list sorts them.
            ArticleSort.UpdatedAtDescending when (after is null || after.At is not null) && newest.All(m => m.UpdatedAt is not null) =>
                Read(db, LastUpdatedFirst(newest).Where(m => cursor is null || Compare(m.UpdatedAt!.Value, m.Id, cursor.PublishedAt, cursor.Id) < 0).Take(take)),
            ArticleSort.UpdatedAtDescending when newest.Length >= configuration.GetValue(UpdatesWalkFromSetting, DefaultUpdatesWalkFrom)
                && (after is null || after.At is not null)
                && (await catalog.StateAsync(ct)).Rows is var rows && take * rows / newest.Length <= UpdatesWalkPublicReads =>
                await ByUpdatesAsync(db, newest, after, take, UpdatesWalkOtherReads + 2 * (int)(take * rows / newest.Length), ct) ?? set,
            ArticleSort.Relevance => Read(db, newest.Take(Search.RelevanceWindow)),
            ArticleSort.PublishedAtDescending when after is null => Read(db, newest.Take(take)),
            ArticleSort.PublishedAtDescending when cursor is not null => Read(db, newest.Where(m => Compare(m, cursor) < 0).Take(take)),
            ArticleSort.PublishedAtAscending when after is null => Read(db, newest.Reverse().Take(take)),
            ArticleSort.PublishedAtAscending when cursor is not null => Read(db, newest.Reverse().Where(m => Compare(m, cursor) > 0).Take(take)),
            _ => set,
        };
    }

    /// The updates' walk (ByUpdatesAsync) for sets of at least this many matches (setting Search:UpdatesWalkFrom; tests lower it): each match's row read by its key costs ~3.5 µs at
    /// 1M (warm), an index entry walked ~0.14 µs, so a smaller set is cheaper read whole.
    public const string UpdatesWalkFromSetting = "Search:UpdatesWalkFrom";
    public const int DefaultUpdatesWalkFrom = 2_000;

    /// The walk's bound: the public entries it expects to pass before the page is full (take × rows ÷ matches) at most this many,
    /// read up to twice that, plus UpdatesWalkOtherReads for the drafts and scheduled articles, often the last updated (at 1M 19k
    /// of the index's first 20k entries). At most ~80k entries, ~11 ms, where the rows of 2,000 matches cost ~7.
    const int UpdatesWalkPublicReads = 20_000, UpdatesWalkOtherReads = 40_000;

    /// The `take` of `set` last updated after the cursor (its instant an `updated_at`), from the updates' index
    /// (`ix_articles_updated_at_id`) walked in its order, each entry's id looked up in the set (an index-only scan), at most `read`
    /// entries: at 1M `kaliningrad&sort=-updatedAt` read the rows of its 2,890 matches and sorted them (~11 ms); the index gives its
    /// page after ~26,000 entries (~3.6 ms). Null when the walk found fewer than `take` within its bound (or the list ends there):
    /// the page reads every match.
    static async Task<SearchWindow.Window?> ByUpdatesAsync(ArticlesDb db, Match[] set, ArticleCursor? after, int take, int read, CancellationToken ct)
    {
        var values = new StatementValues();
        // The cursor written into the statement only when there is one: `@at IS NULL OR …` would not start a generic plan's walk
        // at the cursor.
        var from = after?.At is { } ticks
            ? $"WHERE (a.updated_at, a.id) < ({values.Value(CursorFields.Instant(ticks))}, {values.Value(after.Id)})" : "";
        var found = await db.Database.SqlQuery<Guid>(values.Of($"""
            SELECT w.id AS "Value" FROM (
                SELECT a.id, a.updated_at FROM articles AS a /* search_match_page_updates */
                {from} ORDER BY a.updated_at DESC, a.id DESC LIMIT {values.Value(read)}) AS w
            WHERE w.id = ANY({values.Value(set.Select(m => m.Id).ToArray())}) ORDER BY w.updated_at DESC, w.id DESC LIMIT {values.Value(take)}
            """)).ToArrayAsync(ct);
        return found.Length < take ? null : SearchWindow.Window.Read(db, found, complete: false);
    }

    /// The `n` newest of `set` (the facets' window), or `set` itself when it holds no dates.
    public static SearchWindow.Window Newest(ArticlesDb db, SearchWindow.Window set, int n) =>
        set.NewestFirst is { } newest ? Read(db, newest.Take(n)) : set;

    /// How many matches `set` holds, when it holds exactly the request's (null: to be counted).
    public static int? Count(SearchWindow.Window set) => set.NewestFirst?.Length;

    static SearchWindow.Window Read(ArticlesDb db, IEnumerable<Match> matches) =>
        SearchWindow.Window.Read(db, [.. matches.Select(m => m.Id)], complete: false);

    /// `matches` (each with its update) sorted last updated first, in a copy: the newest-first order stays the facets'.
    static Match[] LastUpdatedFirst(Match[] matches)
    {
        var sorted = matches.ToArray();
        Array.Sort(sorted, (a, b) => Compare(b.UpdatedAt!.Value, b.Id, a.UpdatedAt!.Value, a.Id));
        return sorted;
    }

    static int Compare(Match a, Match b) => Compare(a.PublishedAt, a.Id, b.PublishedAt, b.Id);

    /// (date, id) as PostgreSQL compares the row value: the uuid by its bytes in network order, not as Guid.CompareTo does.
    static int Compare(DateTime a, Guid aId, DateTime b, Guid bId)
    {
        var byDate = a.Ticks.CompareTo(b.Ticks);
        if (byDate != 0)
            return byDate;
        Span<byte> x = stackalloc byte[16], y = stackalloc byte[16];
        aId.TryWriteBytes(x, bigEndian: true, out _);
        bId.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }
}
