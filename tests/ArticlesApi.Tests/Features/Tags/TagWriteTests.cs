using System.Net;
using ArticlesApi.Tests.Infrastructure;

namespace ArticlesApi.Tests.Features.Tags;

public sealed class TagWriteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task Create_Returns_201_With_Location_ETag_And_Generated_Slug()
    {
        var editor = await api.EditorAsync();
        var name = Unique("Perché Łódź");

        var response = await editor.Client.PostJsonAsync("/api/v1/tags", new { name, description = "d" });

        var tag = await response.JsonAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/tags/{tag.GetProperty("id").GetString()}");
        response.ETag().ShouldNotBeNullOrEmpty();
        tag.GetProperty("slug").GetString()!.ShouldStartWith("perche-lodz-");
        tag.GetProperty("articleCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Generated_Slugs_Get_A_Number_When_Taken()
    {
        var editor = await api.EditorAsync();
        // Names that give the same slug without looking alike (TagLookAlikeTests).
        var name = Unique("Città");
        var first = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name })).JsonAsync();
        var second = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = name + "!" })).JsonAsync();
        var third = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = name + "?" })).JsonAsync();

        var slug = first.GetProperty("slug").GetString();
        second.GetProperty("slug").GetString().ShouldBe(slug + "-2");
        third.GetProperty("slug").GetString().ShouldBe(slug + "-3");
    }

    [Fact]
    public async Task Create_With_Taken_Slug_Returns_409_Naming_The_Slug()
    {
        var editor = await api.EditorAsync();
        var slug = $"taken-{Guid.NewGuid():N}";
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "a", slug })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var problem = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = "b", slug })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "slug-taken");

        problem.GetProperty("detail").GetString()!.ShouldContain(slug);
        problem.GetProperty("slug").GetString().ShouldBe(slug);
    }

    public static TheoryData<string, object> InvalidBodies => new()
    {
        { "name", new { name = "" } },
        { "name", new { name = new string('x', 101) } },
        { "slug", new { name = "ok", slug = "Not A Slug" } },
        { "slug", new { name = "ok", slug = new string('a', 121) } },
        { "description", new { name = "ok", description = new string('x', 2001) } },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Create_With_Invalid_Field_Returns_400_Naming_It(string field, object body)
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PostJsonAsync("/api/v1/tags", body)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Update_Without_If_Match_Returns_428_And_With_Stale_ETag_Returns_412()
    {
        var editor = await api.EditorAsync();
        var created = await editor.Client.PostJsonAsync("/api/v1/tags", new { name = Unique("t") });
        var url = created.Headers.Location!.ToString();
        var etag = created.ETag();

        await (await editor.Client.PutJsonAsync(url, new { name = "x" }, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");

        var updated = await editor.Client.PutJsonAsync(url, new { name = Unique("renamed") }, etag);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        updated.ETag().ShouldNotBe(etag);

        await (await editor.Client.PutJsonAsync(url, new { name = "again" }, etag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await (await editor.Client.DeleteAsync(url, etag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, "precondition-failed");
        await (await editor.Client.DeleteAsync(url, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, "precondition-required");
        (await editor.Client.DeleteAsync(url, updated.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Update_Unknown_Tag_Returns_404()
    {
        var editor = await api.EditorAsync();
        await (await editor.Client.PutJsonAsync($"/api/v1/tags/{Guid.NewGuid()}", new { name = "x" }, "\"abc\"")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
