namespace Articles.List;

/// A request's publication dates as a condition the side table's GIN index of keys, dates and terms can take (migration
/// SearchDatesInTermsIndex, ADR 0034, "2026-12-07 later, datesterms"): each row is indexed under its publication day (days since
/// 1970-01-01, UTC) and the 32-day and 1,024-day blocks holding it (`article_search_dates`), so any span of days is the blocks
/// wholly inside it and the days left at its ends, a few dozen entries ORed, and GIN reads q's rows within them in the same
/// scan as q's words. The entries cover whole days: the exact dates stay conditions on each row (SearchMatchSet.DateConditions).
static class SearchDates
{
    const int ShortBlock = 32, LongBlock = 1024;
    const int ShortBlocks = 1_000_000_000, LongBlocks = -1_000_000_000;

    /// A span of more days than this, and than half the public articles' days, is left to the exact conditions: its entries, dense,
    /// cost the index scan more than the rows they skip (at 1M `svalbard covid19 or waffenstillstand` since 2022-01-01, 98 % of
    /// the days: 38–49 ms for its first 10,001 matches, 22 without; before 2024-01-01, 41 %: 22–30 with, 35–40 without).
    const int WideFrom = 64;

    /// q's matches, as a share of the dates' articles, from which the entries are used: GIN reads the entries' postings (~0.06 µs
    /// a row in the dates at 1M), where without them each of q's matches outside the dates is a row read and dropped (~1.7 µs),
    /// and a read that stops at its cap meets the older ones first (the side table is in publication order): at 1M
    /// `Négoc&publishedAfter=2025-06-01&total` (47,900 matches, 294k articles in the dates) counted to 10,001 in 73 ms without
    /// them, 32 with; `toi 1 gaz` in the same dates (a few hundred matches) 0.9 without, 1.5 with.
    const double DenseFrom = 0.05;

    /// ` AND article_search_dates(d.published_at) && @entries` for the request's public dates (from publishedAfter, or the oldest
    /// public article's, `oldest` (SearchCatalog.State.Oldest); up to publishedBefore and now), its value added to `values`; "" when
    /// the request has no dates, they are wide (WideFrom), or q's `matches` (estimated) are fewer than DenseFrom of the dates'
    /// articles (the table's `rows` at the dates' share of the days): reading them and checking the dates is then cheaper.
    public static string Condition(StatementValues values, ArticleQuery query, DateTime now, DateTime? oldest, double matches, double rows)
    {
        if (query is { PublishedAfter: null, PublishedBefore: null })
            return "";
        var firstPublished = Day(oldest ?? now);
        var first = query.PublishedAfter is { } after ? Math.Max(Day(after), firstPublished) : firstPublished;
        // publishedBefore is exclusive: its last instant a microsecond before (PostgreSQL's precision).
        var last = Day(query.PublishedBefore is { } before && Microseconds(before).AddTicks(-10) is var end && end < now ? end : now);
        var (days, allDays) = (last - first + 1, Day(now) - firstPublished + 1);
        return days > WideFrom && days * 2 > allDays || matches < DenseFrom * rows * days / Math.Max(allDays, 1) ? ""
            : $" AND article_search_dates(d.published_at) && {values.Value(Covering(first, last))}";
    }

    /// A page by last change in a span of publication dates open to now, filtered on no tag, author or source: the updates' index
    /// walked newest first meets the span's articles first (an article is updated when published), and the planner's walk stops
    /// at the page; the routes that read the span's matches first leave it to that walk (at 1M `energia or defe&publishedAfter=
    /// 2026-11-01&sort=-updatedAt`: 22–24 ms walked; 82 when datedscan read the span, 57 through the filtered language walk).
    public static bool UpdatesWalkMeetsSpanFirst(ArticleQuery query) =>
        query is { Sort: ArticleSort.UpdatedAtDescending, PublishedAfter: not null, PublishedBefore: null, Tags.Length: 0, Authors.Length: 0, Sources.Length: 0 };

    /// The entries that cover the days from `first` to `last` (inclusive): from the first day on, a long block where one starts
    /// and fits, else a short block, else the day.
    public static int[] Covering(long first, long last)
    {
        var entries = new List<int>();
        var day = first;
        while (day <= last)
        {
            if (day % LongBlock == 0 && day + LongBlock - 1 <= last)
            {
                entries.Add(LongBlocks + (int)(day >> 10));
                day += LongBlock;
            }
            else if (day % ShortBlock == 0 && day + ShortBlock - 1 <= last)
            {
                entries.Add(ShortBlocks + (int)(day >> 5));
                day += ShortBlock;
            }
            else
                entries.Add((int)day++);
        }
        return [.. entries];
    }

    /// The day of `at` as article_search_dates counts it: floor(epoch seconds ÷ 86,400) of the instant PostgreSQL stores.
    public static long Day(DateTime at)
    {
        var ticks = (Microseconds(at) - DateTime.UnixEpoch).Ticks;
        return ticks >= 0 ? ticks / TimeSpan.TicksPerDay : -((-ticks + TimeSpan.TicksPerDay - 1) / TimeSpan.TicksPerDay);
    }

    static DateTime Microseconds(DateTime at) => new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);
}
