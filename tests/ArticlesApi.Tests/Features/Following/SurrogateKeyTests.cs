using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Following;

/// Surrogate-Key and Cache-Tag name what a read shows, so that a CDN purges exactly what a change touched
/// (deploy/varnish; the end-to-end check is scripts/varnish-purge-test.sh).
public sealed class SurrogateKeyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static string[] KeysOf(HttpResponseMessage response) => response.Headers.GetValues("Surrogate-Key").Single().Split(' ');

    /// A published article with a new author, two new tags and a citation of a new source.
    async Task<string> PublishedAsync()
    {
        var admin = await api.AdminAsync();
        var source = await admin.NewSourceIdAsync();
        var body = Requests.Article((await admin.NewAuthorIdAsync()).ToString())
            .With("tags", new[] { $"keyed {Guid.NewGuid():N}", $"keyed {Guid.NewGuid():N}" })
            .With("citations", new[] { new { source = source.ToString(), claim = "It was said." } });
        var (article, _, url) = await admin.CreateArticleAsync(body);
        (await admin.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return article.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task An_Article_Names_Itself_Its_Authors_Tags_And_Cited_Sources()
    {
        var id = await PublishedAsync();
        var response = await api.CreateClient().GetAsync($"/api/v1/articles/{id}", _ct);
        var article = await response.JsonAsync();

        var keys = KeysOf(response);

        keys[0].ShouldBe($"article-{id}");
        foreach (var author in article.GetProperty("authors").EnumerateArray())
            keys.ShouldContain($"author-{author.GetProperty("id").GetString()}");
        foreach (var tag in article.GetProperty("tags").EnumerateArray())
            keys.ShouldContain($"tag-{tag.GetProperty("id").GetString()}");
        foreach (var citation in article.GetProperty("citations").EnumerateArray())
            keys.ShouldContain($"source-{citation.GetProperty("source").GetProperty("id").GetString()}");
        keys.ShouldNotContain("articles");
        response.Headers.GetValues("Cache-Tag").Single().ShouldBe(string.Join(',', keys));
    }

    [Theory]
    [InlineData("/api/v1/articles?limit=5", "articles", "article")]
    [InlineData("/api/v1/authors?limit=5", "authors", "author")]
    [InlineData("/api/v1/tags?limit=5", "tags", "tag")]
    [InlineData("/api/v1/sources?limit=5", "sources", "source")]
    public async Task A_List_Names_Its_Kind_And_Every_Item(string url, string listKey, string kind)
    {
        await PublishedAsync();
        var response = await api.CreateClient().GetAsync(url, _ct);
        var list = await response.JsonAsync();

        var keys = KeysOf(response);

        keys.ShouldContain(listKey);
        list.GetProperty("data").GetArrayLength().ShouldBeGreaterThan(0);
        foreach (var item in list.GetProperty("data").EnumerateArray())
            keys.ShouldContain($"{kind}-{item.GetProperty("id").GetString()}");
        if (kind != "article")
            keys.ShouldContain("article-counts", "their articleCount changes with article writes");
        keys.Distinct().Count().ShouldBe(keys.Length);
    }

    [Fact]
    public async Task Answers_That_Show_No_Content_Carry_No_Keys()
    {
        var admin = await api.AdminAsync();

        var keys = await admin.Client.GetAsync("/api/v1/keys", _ct);
        var missing = await api.CreateClient().GetAsync($"/api/v1/articles/{Guid.NewGuid()}", _ct);

        keys.StatusCode.ShouldBe(HttpStatusCode.OK);
        keys.Headers.Contains("Surrogate-Key").ShouldBeFalse();
        missing.Headers.Contains("Surrogate-Key").ShouldBeFalse();
    }

    /// A page of 100 summaries, each with its own 3 authors and 10 tags (1,400 resources, 62 KB of keys), stays
    /// within MaxLength by folding the most numerous kinds into their list keys: still correct, as every purge of a
    /// `tag-<id>` also purges `tags`.
    [Fact]
    public void A_Full_Page_Of_Distinct_Resources_Stays_Within_The_Bound_By_Folding_Kinds()
    {
        var page = new ListResponse<ArticleSummary>
        {
            Data = Enumerable.Range(0, 100).Select(_ => Summary(authors: 3, tags: 10)).ToList(),
            Meta = new ListMeta { Limit = 100, NextCursor = null },
        };

        var keys = SurrogateKeys.Of(page);
        var header = string.Join(' ', keys);

        header.Length.ShouldBeLessThanOrEqualTo(SurrogateKeys.MaxLength);
        keys.ShouldContain("articles");
        keys.ShouldContain("tags");
        keys.ShouldContain("authors");
        keys.ShouldNotContain(k => k.StartsWith("tag-", StringComparison.Ordinal) || k.StartsWith("author-", StringComparison.Ordinal));
        keys.Count(k => k.StartsWith("article-", StringComparison.Ordinal)).ShouldBe(page.Data.Count);
    }

    [Fact]
    public void A_Front_Page_Of_20_With_Shared_Authors_Keeps_Every_Key()
    {
        var authors = Enumerable.Range(0, 5).Select(_ => Author()).ToArray();
        var page = new ListResponse<ArticleSummary>
        {
            Data = Enumerable.Range(0, 20).Select(i => Summary(authors: 0, tags: 3) is var s
                ? new ArticleSummary
                {
                    Id = s.Id, Slug = s.Slug, Title = s.Title, Excerpt = s.Excerpt, Language = s.Language, Status = s.Status, Kind = s.Kind, Featured = s.Featured, Url = s.Url,
                    UpdatedAt = s.UpdatedAt, ReadingTimeMinutes = 1, Authors = [authors[i % 5]], Tags = s.Tags,
                }
                : null!).ToList(),
            Meta = new ListMeta { Limit = 20, NextCursor = null },
        };

        var keys = SurrogateKeys.Of(page);

        keys.Count.ShouldBe(20 + 5 + 60 + 1);
        string.Join(' ', keys).Length.ShouldBeLessThan(SurrogateKeys.MaxLength);
    }

    static AuthorSummary Author() => new() { Id = Guid.NewGuid(), Slug = "a", Name = "A", Url = "" };

    static ArticleSummary Summary(int authors, int tags) => new()
    {
        Id = Guid.NewGuid(), Slug = "s", Title = "T", Excerpt = "E", Language = "en", Status = ArticleStatus.Published, Kind = ArticleKind.News, Featured = false, Url = "",
        UpdatedAt = DateTime.UtcNow, ReadingTimeMinutes = 1,
        Authors = Enumerable.Range(0, authors).Select(_ => Author()).ToList(),
        Tags = Enumerable.Range(0, tags).Select(_ => new TagSummary { Id = Guid.NewGuid(), Slug = "t", Name = "T", Url = "" }).ToList(),
    };
}
