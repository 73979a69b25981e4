using System.Net;
using System.Text.Json;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Features.Authors;

/// An author's email is private: editors and admins read it back (and an author's or contributor's key, its
/// own author's); the public, other authors and the response cache never see it.
public sealed class AuthorEmailTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<Role?, bool> Readers => new()
    {
        { null, false },
        { Role.Contributor, false },
        { Role.Author, false },
        { Role.Editor, true },
        { Role.Admin, true },
    };

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Email_Is_Read_On_Get_And_List_By_Editors_And_Admins_Only(Role? role, bool seesEmail)
    {
        var author = await AuthorAsync();
        // An author's or contributor's key acts as an author of its own, not this one.
        var client = role is { } r ? (await api.CallerAsync(r)).Client : api.CreateClient();

        var one = await (await client.GetAsync($"/api/v1/authors/{author.Slug}", _ct)).JsonAsync();
        var listed = await ListedAsync(client, author.Id);

        foreach (var read in new[] { one, listed })
        {
            if (seesEmail)
                read.GetProperty("email").GetString().ShouldBe(author.Email);
            else
                read.TryGetProperty("email", out _).ShouldBeFalse(read.GetRawText());
        }
    }

    [Fact]
    public async Task An_Authors_Key_Reads_Its_Own_Email_And_No_One_Elses()
    {
        var own = await api.CallerAsync(Role.Author);
        var other = await AuthorAsync();

        var self = await (await own.Client.GetAsync($"/api/v1/authors/{own.AuthorId}", _ct)).JsonAsync();
        var someoneElse = await (await own.Client.GetAsync($"/api/v1/authors/{other.Id}", _ct)).JsonAsync();

        self.GetProperty("email").GetString().ShouldNotBeNullOrEmpty();
        someoneElse.TryGetProperty("email", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_Editor_Reads_Back_The_Email_Written_And_The_Public_Never_Does()
    {
        var editor = await api.EditorAsync();
        var email = $"giulia.{Guid.NewGuid():N}@example.org";

        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Giulia {Guid.NewGuid():N}", email });
        var url = created.Headers.Location!.ToString();
        var updated = await editor.Client.PutJsonAsync(url, new { name = "Giulia F.", email = "g.f@example.org" }, created.ETag());

        (await created.JsonAsync()).GetProperty("email").GetString().ShouldBe(email);
        (await updated.JsonAsync()).GetProperty("email").GetString().ShouldBe("g.f@example.org");
        (await (await editor.Client.GetAsync(url, _ct)).JsonAsync()).GetProperty("email").GetString().ShouldBe("g.f@example.org");
        (await (await api.CreateClient().GetAsync(url, _ct)).Content.ReadAsStringAsync(_ct)).ShouldNotContain("example.org");
    }

    [Fact]
    public async Task An_Author_Without_An_Email_Reads_Without_The_Member()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"No Mail {Guid.NewGuid():N}" });

        (await created.JsonAsync()).TryGetProperty("email", out _).ShouldBeFalse();
    }

    /// The ETag of either kind of read names the author's current version: a front end that read it
    /// anonymously, or an editor's form that read it with the email, can both send it back.
    [Fact]
    public async Task Update_Takes_The_ETag_Of_A_Public_Read_Or_Of_An_Editors_Read()
    {
        var editor = await api.EditorAsync();
        var author = await AuthorAsync();
        var url = $"/api/v1/authors/{author.Id}";

        var publicRead = await api.CreateClient().GetAsync(url, _ct);
        var first = await editor.Client.PutJsonAsync(url, new { name = "Read In Public", email = author.Email }, publicRead.ETag());
        var editorRead = await editor.Client.GetAsync(url, _ct);
        var second = await editor.Client.PutJsonAsync(url, new { name = "Read By An Editor", email = author.Email }, editorRead.ETag());

        first.StatusCode.ShouldBe(HttpStatusCode.OK, await first.Content.ReadAsStringAsync(_ct));
        editorRead.ETag().ShouldNotBe(publicRead.ETag());
        second.StatusCode.ShouldBe(HttpStatusCode.OK, await second.Content.ReadAsStringAsync(_ct));
        (await editor.Client.PutJsonAsync(url, new { name = "Stale" }, publicRead.ETag())).StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
    }

    /// The response cache keeps anonymous answers only: a staff read neither fills it nor is served from it.
    [Fact]
    public async Task The_Response_Cache_Never_Serves_Or_Keeps_A_Read_With_The_Email()
    {
        var author = await AuthorAsync();
        var editor = await api.EditorAsync();
        var url = $"/api/v1/authors/{author.Slug}";

        var (staffFirst, _) = await ReadAsync(editor.Client, url);
        var (anonymous, _) = await ReadAsync(api.CreateClient(), url);
        var (anonymousAgain, sql) = await ReadAsync(api.CreateClient(), url);
        var (staffAfter, staffSql) = await ReadAsync(editor.Client, url);

        sql.ShouldBe(0, "the second anonymous read should have come from the cache");
        staffSql.ShouldBeGreaterThan(0);
        foreach (var staff in new[] { staffFirst, staffAfter })
        {
            (await staff.JsonAsync()).GetProperty("email").GetString().ShouldBe(author.Email);
            staff.Headers.CacheControl!.Private.ShouldBeTrue();
        }
        foreach (var read in new[] { anonymous, anonymousAgain })
            (await read.Content.ReadAsStringAsync(_ct)).ShouldNotContain(author.Email!);
    }

    /// Written through the API, as a newsroom does: a row written by SQL would be rendered ready-made by the background
    /// worker a moment later, and that render drops the response cache, which the cache test reads.
    async Task<Author> AuthorAsync()
    {
        var fake = Fakes.Author();
        var editor = await api.EditorAsync();
        var response = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = fake.Name, email = $"{fake.Slug}@newsroom.example" });
        var created = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, created.GetRawText());
        return new Author
        {
            Id = created.GetProperty("id").GetGuid(),
            Slug = created.GetProperty("slug").GetString()!,
            Name = fake.Name,
            Email = created.GetProperty("email").GetString(),
        };
    }

    /// The author with this id as a page of `GET /authors` shows it.
    async Task<JsonElement> ListedAsync(HttpClient client, Guid id)
    {
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await (await client.GetAsync("/api/v1/authors?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), _ct)).JsonAsync();
            foreach (var author in page.GetProperty("data").EnumerateArray())
                if (author.GetProperty("id").GetGuid() == id)
                    return author;
            if (page.GetProperty("meta").GetProperty("nextCursor").GetString() is not { } next)
                break;
            cursor = next;
        }
        throw new ShouldAssertException($"The author {id} is not in the list.");
    }

    async Task<(HttpResponseMessage Response, int Sql)> ReadAsync(HttpClient client, string url)
    {
        var id = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add(SqlCommandCounter.Header, id);
        var response = await client.SendAsync(request, _ct);
        await response.Content.LoadIntoBufferAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (response, api.Services.GetRequiredService<SqlCommandCounter>().CountFor(id));
    }
}
