using System.Net;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

public sealed class ConcurrencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Of_Ten_Parallel_Puts_With_The_Same_ETag_Exactly_One_Wins()
    {
        var editor = await api.EditorAsync();
        var (article, etag, url) = await editor.CreateArticleAsync();
        var author = article.GetProperty("authors")[0].GetProperty("id").GetString()!;
        var clients = Enumerable.Range(0, 10).Select(_ => api.ClientWithKey(editor.Secret)).ToList();

        var responses = await Task.WhenAll(clients.Select((client, i) =>
            Task.Run(() => client.PutJsonAsync(url, Requests.Article(author).With("title", $"Writer {i}"), etag))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBe(1, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.PreconditionFailed).ShouldBe(9, string.Join(", ", statuses));
    }

    [Fact]
    public async Task Of_Ten_Parallel_Tag_Puts_With_The_Same_ETag_Exactly_One_Wins()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Race {Guid.NewGuid():N}" });
        var (url, etag) = (created.Headers.Location!.ToString(), created.ETag());

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => api.ClientWithKey(editor.Secret).PutJsonAsync(url, new { name = $"Race winner {i}" }, etag))));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).ShouldBe(9);
    }
}
