using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Articles;

/// Every role against every write: contributor writes and edits own drafts; author also publishes and
/// edits own articles; editor manages everything but keys and permanent deletes; admin does all.
/// Someone else's article answers 404 when it is not public, 403 when it is.
public sealed class RoleMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    const HttpStatusCode Ok = HttpStatusCode.OK, Created = HttpStatusCode.Created, NoContent = HttpStatusCode.NoContent,
        Forbidden = HttpStatusCode.Forbidden, NotFound = HttpStatusCode.NotFound, Unauthorized = HttpStatusCode.Unauthorized;

    public static TheoryData<Role?, string, string, HttpStatusCode> Matrix()
    {
        var data = new TheoryData<Role?, string, string, HttpStatusCode>();
        void Row(Role? role, string action, string target, HttpStatusCode expected) => data.Add(role, action, target, expected);

        // Articles.
        foreach (var (role, own, other, publish, purge) in new (Role?, bool, bool, bool, bool)[]
                 {
                     (Role.Contributor, true, false, false, false), (Role.Author, true, false, true, false),
                     (Role.Editor, true, true, true, false), (Role.Admin, true, true, true, true),
                 })
        {
            Row(role, "create", "own", Created);
            Row(role, "create", "other", other ? Created : Forbidden);
            Row(role, "update", "own-draft", Ok);
            Row(role, "update", "own-published", role == Role.Contributor ? Forbidden : Ok);
            Row(role, "update", "other-draft", other ? Ok : NotFound);
            Row(role, "update", "other-published", other ? Ok : Forbidden);
            Row(role, "publish", "own-draft", publish ? Ok : Forbidden);
            Row(role, "publish", "other-draft", other ? Ok : publish ? NotFound : Forbidden);
            Row(role, "unpublish", "own-published", publish ? Ok : Forbidden);
            Row(role, "unpublish", "other-published", other ? Ok : Forbidden);
            Row(role, "trash", "own-draft", NoContent);
            Row(role, "trash", "own-published", role == Role.Contributor ? Forbidden : NoContent);
            Row(role, "trash", "other-draft", other ? NoContent : NotFound);
            Row(role, "trash", "other-published", other ? NoContent : Forbidden);
            Row(role, "restore", "own-draft", Ok);
            Row(role, "restore", "other-draft", other ? Ok : NotFound);
            Row(role, "purge", "own-draft", purge ? NoContent : Forbidden);
            // Authors, tags, sources: editors and admins.
            foreach (var resource in new[] { "tag", "source", "author" })
            {
                Row(role, $"{resource}-create", "none", other ? Created : Forbidden);
                Row(role, $"{resource}-update", "none", other ? Ok : Forbidden);
                Row(role, $"{resource}-delete", "none", other ? NoContent : Forbidden);
            }
            Row(role, "key-create", "none", purge ? Created : Forbidden);
            Row(role, "key-list", "none", purge ? Ok : Forbidden);
            Row(role, "key-revoke", "none", purge ? NoContent : Forbidden);
        }
        foreach (var action in new[] { "create", "tag-create", "source-create", "author-create", "key-create", "key-list" })
            Row(null, action, action == "create" ? "own" : "none", Unauthorized);
        Row(null, "update", "other-published", Unauthorized);
        Row(null, "trash", "other-published", Unauthorized);
        Row(null, "publish", "other-draft", Unauthorized);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Role_Action_Target_Answers(Role? role, string action, string target, HttpStatusCode expected)
    {
        var admin = await api.AdminAsync();
        var caller = role is { } r ? await api.CallerAsync(r, role is Role.Editor or Role.Admin ? await admin.NewAuthorIdAsync() : null) : null;
        var client = caller?.Client ?? api.CreateClient();
        var ownAuthor = caller?.AuthorId ?? await admin.NewAuthorIdAsync();
        var otherAuthor = await admin.NewAuthorIdAsync();

        var response = action switch
        {
            "create" => await client.PostJsonAsync("/api/v1/articles",
                Requests.Article((target == "own" ? ownAuthor : otherAuthor).ToString())),
            "update" or "publish" or "unpublish" or "trash" or "restore" or "purge" =>
                await ArticleActionAsync(admin, client, action, target, ownAuthor, otherAuthor),
            "key-create" => await client.PostJsonAsync("/api/v1/keys", new { name = "matrix", role = "editor" }),
            "key-list" => await client.GetAsync("/api/v1/keys", TestContext.Current.CancellationToken),
            "key-revoke" => await client.DeleteAsync($"/api/v1/keys/{(await api.EditorAsync()).KeyId}", TestContext.Current.CancellationToken),
            _ => await ResourceActionAsync(admin, client, action),
        };

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected, text);
        if ((int)expected >= 400)
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    async Task<HttpResponseMessage> ArticleActionAsync(Infrastructure.Caller admin, HttpClient client, string action, string target,
        Guid ownAuthor, Guid otherAuthor)
    {
        var author = target.StartsWith("own") ? ownAuthor : otherAuthor;
        var (_, etag, url) = await admin.CreateArticleAsync(Requests.Article(author.ToString()));
        if (target.EndsWith("published"))
            etag = (await admin.Client.PostJsonAsync($"{url}/publish")).ETag();
        if (action == "restore")
            (await admin.Client.DeleteAsync(url, etag)).StatusCode.ShouldBe(NoContent);

        return action switch
        {
            "update" => await client.PutJsonAsync(url, Requests.Article(author.ToString()), etag),
            "publish" => await client.PostJsonAsync($"{url}/publish"),
            "unpublish" => await client.PostJsonAsync($"{url}/unpublish"),
            "trash" => await client.DeleteAsync(url, etag),
            "restore" => await client.PostJsonAsync($"{url}/restore"),
            _ => await client.DeleteAsync($"{url}?permanent=true", etag),
        };
    }

    static async Task<HttpResponseMessage> ResourceActionAsync(Infrastructure.Caller admin, HttpClient client, string action)
    {
        var (resource, verb) = (action.Split('-')[0] + "s", action.Split('-')[1]);
        object body = resource == "sources" ? new { name = $"S {Guid.NewGuid():N}", kind = "media" } : new { name = $"N {Guid.NewGuid():N}" };
        if (verb == "create")
            return await client.PostJsonAsync($"/api/v1/{resource}", body);
        var created = await admin.Client.PostJsonAsync($"/api/v1/{resource}", body);
        created.StatusCode.ShouldBe(Created);
        var url = created.Headers.Location!.ToString();
        return verb == "update" ? await client.PutJsonAsync(url, body, created.ETag()) : await client.DeleteAsync(url, created.ETag());
    }
}
