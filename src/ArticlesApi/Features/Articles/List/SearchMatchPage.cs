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

    /// The ids a page can show (the `take` after the cursor, in a date order; the RelevanceWindow newest, which the page ranks),
    /// or `set` itself when it holds no dates or the order is another (title, updates: the page reads every match, as before).
    public static SearchWindow.Window PageOf(ArticlesDb db, SearchWindow.Window set, ArticleSort sort, ArticleCursor? after, int take)
    {
        if (set.NewestFirst is not { } newest)
            return set;
        Match? cursor = after?.At is { } ticks ? new Match { Id = after.Id, PublishedAt = CursorFields.Instant(ticks) } : null;
        return sort switch
        {
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

    /// (date, id) as PostgreSQL compares the row value: the uuid by its bytes in network order, not as Guid.CompareTo does.
    static int Compare(Match a, Match b)
    {
        var byDate = a.PublishedAt.Ticks.CompareTo(b.PublishedAt.Ticks);
        if (byDate != 0)
            return byDate;
        Span<byte> x = stackalloc byte[16], y = stackalloc byte[16];
        a.Id.TryWriteBytes(x, bigEndian: true, out _);
        b.Id.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }
}
