using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

/// Rows for one test, written straight to the database: every article gets the test's own tag,
/// so a test filters by it and never sees the rows of the other tests of its class.
sealed class ArticleData(ApiFactory api)
{
    public Tag Tag { get; } = Fakes.Tag("t");
    public Author Author { get; } = Fakes.Author();
    readonly HashSet<object> _stored = [];

    public async Task<Article> AddAsync(Article article, CancellationToken ct, params Tag[] moreTags)
    {
        await AddAsync([article], ct, moreTags);
        return article;
    }

    public async Task<List<Article>> AddAsync(IReadOnlyList<Article> articles, CancellationToken ct, params Tag[] moreTags)
    {
        await using var db = api.Database.CreateContext();
        foreach (var entity in moreTags.Append(Tag).Append<object>(Author))
        {
            // Stored by an earlier call: only referenced; otherwise inserted with the articles.
            if (_stored.Contains(entity))
                db.Attach(entity);
            else
                db.Add(entity);
        }
        foreach (var article in articles)
        {
            // Each tag at its own position, as the API writes them (the read and the list order by it).
            var first = article.Tags.Count;
            article.Tags.AddRange(moreTags.Prepend(Tag).Select((t, i) => new ArticleTag { Tag = t, Position = first + i }).ToList());
            if (article.Authors.Count == 0)
                article.Authors.Add(new ArticleAuthor { Author = Author, Position = 0 });
        }
        db.Articles.AddRange(articles);
        await db.SaveChangesAsync(ct);
        _stored.UnionWith(moreTags.Append(Tag).Append<object>(Author));
        return articles.ToList();
    }

    /// `word` in a scheduled article, a draft and one published at `published` then trashed at `now`: none is the public's.
    public async Task AddHiddenAsync(string word, DateTime published, DateTime now, CancellationToken ct)
    {
        var hidden = await AddAsync(
        [
            Fakes.Article($"{word} domani", status: ArticleStatus.Scheduled, publishedAt: now.AddDays(1)),
            Fakes.Article($"{word} in bozza", status: ArticleStatus.Draft),
            Fakes.Article($"{word} cestinato", publishedAt: published),
        ], ct);
        await using var db = api.Database.CreateContext();
        await db.Articles.Where(a => a.Id == hidden[2].Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, now), ct);
    }

    /// Published articles one minute apart, the newest first.
    public Task<List<Article>> AddPublishedAsync(int count, CancellationToken ct, DateTime? newest = null)
    {
        var start = newest ?? DateTime.UtcNow.AddMinutes(-1);
        return AddAsync(Enumerable.Range(0, count).Select(i => Fakes.Article(publishedAt: start.AddMinutes(-i))).ToList(), ct);
    }
}
