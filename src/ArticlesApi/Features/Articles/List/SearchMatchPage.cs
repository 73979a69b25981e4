using ArticlesApi.Data;
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

    /// The ids a page can show (the `take` after the cursor, in a date order, by last change or by title, as the list orders
    /// them; the RelevanceWindow newest, which the page ranks), or `set` itself when it holds no dates or cannot place the cursor
    /// (a title cursor on a set read without it: the page reads every match).
    public static SearchWindow.Window PageOf(ArticlesDb db, SearchWindow.Window set, ArticleSort sort, ArticleCursor? after, int take)
    {
        if (set.NewestFirst is not { } newest)
            return set;
        // The cursor's instant (a publication date, or an update for `-updatedAt`) and id.
        Match? cursor = after?.At is { } ticks ? new Match { Id = after.Id, PublishedAt = CursorFields.Instant(ticks) } : null;
        return sort switch
        {
            // Each match's update read with it (the side table's copy): sorted here, as the list sorts them.
            ArticleSort.UpdatedAtDescending when after is null || cursor is not null =>
                Read(db, LastUpdatedFirst(newest).Where(m => cursor is null || Compare(m.UpdatedAt, m.Id, cursor.PublishedAt, cursor.Id) < 0).Take(take)),
            // Numbered by title, and compared with the cursor, where they were read (SearchMatchSet.ByTitle).
            ArticleSort.Title when newest.All(m => m.TitleOrder is not null && (after is null || m.AfterCursor is not null)) =>
                Read(db, newest.Where(m => after is null || m.AfterCursor == true).OrderBy(m => m.TitleOrder).Take(take)),
            ArticleSort.Relevance => Read(db, newest.Take(Search.RelevanceWindow)),
            ArticleSort.PublishedAtDescending when after is null => Read(db, newest.Take(take)),
            ArticleSort.PublishedAtDescending when cursor is not null => Read(db, newest.Where(m => Compare(m, cursor) < 0).Take(take)),
            ArticleSort.PublishedAtAscending when after is null => Read(db, newest.Reverse().Take(take)),
            ArticleSort.PublishedAtAscending when cursor is not null => Read(db, newest.Reverse().Where(m => Compare(m, cursor) > 0).Take(take)),
            _ => set,
        };
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
        Array.Sort(sorted, (a, b) => Compare(b.UpdatedAt, b.Id, a.UpdatedAt, a.Id));
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
