using System.Net;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Idempotency;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Foundation;

/// The pipeline acts on what an endpoint declares in Configure() (HttpBehaviour), not on its URL or method:
/// the response cache on ConditionalRead.Public, Idempotency-Key on IdempotentPost, the caching headers on
/// ConditionalRead (Representations).
public sealed class DeclaredBehaviourTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    async Task<int> StoredAnswersOfAsync(Guid apiKeyId)
    {
        await using var db = api.Database.CreateContext();
        return await db.Set<IdempotencyRecord>().CountAsync(r => r.ApiKeyId == apiKeyId, _ct);
    }

    [Fact]
    public async Task An_Idempotency_Key_On_A_Post_No_Endpoint_Declares_Idempotent_Is_Ignored()
    {
        var editor = await api.EditorAsync();
        var tag = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Declared {Guid.NewGuid():N}" });
        var tagUrl = tag.Headers.Location!.ToString();
        var key = Guid.NewGuid().ToString();

        // A POST to a GET-only URL (405) and to no URL at all (404): no endpoint declares them IdempotentPost.
        foreach (var (url, status, code) in new[] { (tagUrl, HttpStatusCode.MethodNotAllowed, "method-not-allowed"), ("/api/v1/nowhere", HttpStatusCode.NotFound, "not-found") })
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var answer = await editor.Client.PostJsonAsync(url, new { name = "x" }, key);
                await answer.ShouldBeProblemAsync(status, code);
                answer.Headers.Contains("Idempotent-Replayed").ShouldBeFalse($"POST {url}, attempt {attempt + 1}");
            }

        (await StoredAnswersOfAsync(editor.KeyId)).ShouldBe(0);
    }

    [Fact]
    public async Task An_Idempotency_Key_On_A_Declared_Post_Replays_The_Answer_With_Its_ETag()
    {
        var editor = await api.EditorAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { name = $"Replayed {Guid.NewGuid():N}" };

        var first = await editor.Client.PostJsonAsync("/api/v1/tags", body, key);
        var replay = await editor.Client.PostJsonAsync("/api/v1/tags", body, key);

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replay.ETag().ShouldBe(first.ETag());
        replay.ETag().ShouldBe((await editor.Client.GetAsync(first.Headers.Location, _ct)).ETag());
        (await StoredAnswersOfAsync(editor.KeyId)).ShouldBe(1);
    }

    [Fact]
    public async Task A_Write_Answer_Has_An_ETag_And_No_Caching_Headers_While_A_Read_Of_It_Has_Both()
    {
        var editor = await api.EditorAsync();

        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Headers {Guid.NewGuid():N}" });
        var read = await editor.Client.GetAsync(created.Headers.Location, _ct);
        // A new tag is not public until an article uses it (ADR 0012): the anonymous read is of the root.
        var anonymous = await api.CreateClient().GetAsync("/api/v1", _ct);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.CacheControl.ShouldBeNull();
        // Only by coding: a write's answer may come compressed (ADR 0022).
        created.Headers.Vary.ShouldBe(["Accept-Encoding"]);
        read.ETag().ShouldBe(created.ETag());
        read.Headers.CacheControl!.Private.ShouldBeTrue();
        read.Headers.CacheControl.NoCache.ShouldBeTrue();
        read.Headers.Vary.ShouldBe(["Authorization", "Accept-Encoding"]);
        anonymous.Headers.CacheControl!.Public.ShouldBeTrue();
        anonymous.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromSeconds(60));
        anonymous.Headers.Vary.ShouldBe(["Authorization", "Accept-Encoding"]);
        anonymous.ETag().ShouldNotBeNullOrEmpty();
    }

    /// No endpoint declared Private can be read without a key, so this asks the middleware directly what it
    /// does with an anonymous GET of each kind of endpoint: only a Public read is offered to the shared cache.
    [Theory]
    [InlineData("public", true)]
    [InlineData("private", false)]
    [InlineData("undeclared", false)]
    public async Task Only_Reads_Declared_Public_Are_Offered_To_The_Shared_Cache(string declared, bool offered)
    {
        var metadata = declared switch
        {
            "public" => new EndpointMetadataCollection(ConditionalRead.Public),
            "private" => new EndpointMetadataCollection(ConditionalRead.Private),
            _ => EndpointMetadataCollection.Empty,
        };
        await using var scope = api.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = $"/api/v1/{declared}-{Guid.NewGuid():N}";
        context.SetEndpoint(new Endpoint(null, metadata, declared));
        ResponseCacheFill? fill = null;
        var middleware = ActivatorUtilities.CreateInstance<ResponseCacheMiddleware>(scope.ServiceProvider,
            (RequestDelegate)(http =>
            {
                fill = http.Features.Get<ResponseCacheFill>();
                return Task.CompletedTask;
            }));

        await middleware.InvokeAsync(context);

        (fill is not null).ShouldBe(offered);
    }
}
