using System.Net;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Writes;

/// Writes that lose a race to a concurrent commit answer what the document says they answer (a 412 or a
/// 409 problem), never a 500.
public sealed class WriteRaceTests(RaceApi api) : IClassFixture<RaceApi>
{
    [Theory]
    [InlineData("tags")]
    [InlineData("authors")]
    [InlineData("sources")]
    public async Task Put_On_A_Resource_Deleted_After_It_Was_Found_Returns_412(string resource)
    {
        var editor = await api.EditorAsync();
        var (id, url, etag) = await CreateAsync(editor, resource);

        var response = await api.SendWhileCommittingAsync(editor.Secret, $"FROM {resource}", db => DeleteAsync(db, resource, id),
            client => client.PutJsonAsync(url, Body(resource), etag));

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Delete_Of_A_Tag_Deleted_After_It_Was_Found_Returns_412()
    {
        var editor = await api.EditorAsync();
        var (id, url, etag) = await CreateAsync(editor, "tags");

        var response = await api.SendWhileCommittingAsync(editor.Secret, "FROM tags", db => DeleteAsync(db, "tags", id),
            client => client.DeleteAsync(url, etag));

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Put_On_A_Tag_Changed_After_Its_ETag_Was_Checked_Returns_412()
    {
        var editor = await api.EditorAsync();
        var (id, url, etag) = await CreateAsync(editor, "tags");

        // After the If-Match check's read, before the UPDATE: the row version decides.
        var response = await api.SendWhileCommittingAsync(editor.Secret, "FROM tags",
            db => db.Tags.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Description, "changed meanwhile")),
            client => client.PutJsonAsync(url, new { name = $"Renamed {Guid.NewGuid():N}" }, etag), nth: 2);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    [Fact]
    public async Task Create_Key_For_An_Author_Deleted_Meanwhile_Returns_409()
    {
        var admin = await api.AdminAsync();
        var author = await AuthorAsync();

        var response = await api.SendWhileCommittingAsync(admin.Secret, "FROM authors", db => DeleteAsync(db, "authors", author.Id),
            client => client.PostJsonAsync("/api/v1/keys", new { name = "late", role = "author", author = author.Slug }));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "write-conflict");
    }

    [Fact]
    public async Task Create_Article_By_An_Author_Deleted_Meanwhile_Returns_409()
    {
        var editor = await api.EditorAsync();
        var author = await AuthorAsync();

        var response = await api.SendWhileCommittingAsync(editor.Secret, "FROM authors", db => DeleteAsync(db, "authors", author.Id),
            client => client.PostJsonAsync("/api/v1/articles", Requests.Article(author.Slug)));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "write-conflict");
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("put")]
    [InlineData("delete")]
    public async Task A_Write_On_An_Article_Deleted_For_Good_After_It_Was_Found_Returns_412(string write)
    {
        var editor = await api.EditorAsync();
        var author = await AuthorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/articles", Requests.Article(author.Slug));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var url = created.Headers.Location!.ToString();
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        var etag = created.ETag();

        var response = await api.SendWhileCommittingAsync(editor.Secret, "FROM articles",
            db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken),
            client => write switch
            {
                "publish" => client.SendJsonAsync(HttpMethod.Post, $"{url}/publish", ifMatch: etag),
                "put" => client.PutJsonAsync(url, Requests.Article(author.Slug), etag),
                _ => client.DeleteAsync(url, etag),
            });

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
    }

    static object Body(string resource) => resource == "sources"
        ? new { name = $"Source {Guid.NewGuid():N}", kind = "agency" }
        : new { name = $"Name {Guid.NewGuid():N}" };

    static async Task<(Guid Id, string Url, string ETag)> CreateAsync(Caller editor, string resource)
    {
        var created = await editor.Client.PostJsonAsync($"/api/v1/{resource}", Body(resource));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        return (id, created.Headers.Location!.ToString(), created.ETag());
    }

    async Task<ArticlesApi.Domain.Author> AuthorAsync()
    {
        await using var db = api.Database.CreateContext();
        var author = Fakes.Author();
        db.Authors.Add(author);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return author;
    }

    static Task<int> DeleteAsync(ArticlesApi.Data.ArticlesDb db, string resource, Guid id) => resource switch
    {
        "tags" => db.Tags.Where(t => t.Id == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken),
        "authors" => db.Authors.Where(a => a.Id == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken),
        _ => db.Sources.Where(s => s.Id == id).ExecuteDeleteAsync(TestContext.Current.CancellationToken),
    };
}
