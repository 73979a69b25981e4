using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ArticlesApi.Tests.Features.Articles;

/// The editor's round trip: GET an article, change what the form changes, PUT it back as it is.
public sealed class RoundTripTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// A published article with an automatic excerpt, two authors, a tag and a citation.
    async Task<(Caller Editor, string Url, string Slug)> ArticleAsync()
    {
        var editor = await api.EditorAsync();
        var second = await editor.NewAuthorIdAsync();
        var source = await editor.NewSourceIdAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString(), second.ToString())
            .With("tags", new[] { $"tag {Guid.NewGuid():N}"[..20] })
            .With("citations", new[] { new { source = source.ToString(), claim = "A claim", attribution = "said" } })
            .With("featureImage", new { url = "https://example.org/a.jpg", alt = "Alt" });
        var (article, _, url) = await editor.CreateArticleAsync(body);
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (editor, url, article.GetProperty("slug").GetString()!);
    }

    async Task<(JsonObject Article, string ETag)> GetAsync(Caller caller, string url)
    {
        var response = await caller.Client.GetAsync(url, _ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync(_ct))!.AsObject(), response.ETag());
    }

    static JsonObject WithoutUpdatedAt(JsonObject article)
    {
        var copy = article.DeepClone().AsObject();
        copy.Remove("updatedAt");
        // The structured data's dateModified is updatedAt.
        copy["structuredData"]?.AsObject().Remove("dateModified");
        return copy;
    }

    [Fact]
    public async Task Put_Of_The_Article_As_Read_Returns_200_And_Changes_Nothing_But_UpdatedAt()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        api.Time.Advance(TimeSpan.FromMinutes(1));

        var response = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);

        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var written = JsonNode.Parse(text)!.AsObject();
        JsonNode.DeepEquals(WithoutUpdatedAt(written), WithoutUpdatedAt(read)).ShouldBeTrue(text);
        written["updatedAt"]!.GetValue<DateTime>().ShouldBe(api.Now);
    }

    [Fact]
    public async Task Put_With_The_ETag_Of_A_Markdown_Only_Read_Succeeds()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, $"{url}?formats=markdown");
        read["body"]!.AsObject().ContainsKey("html").ShouldBeFalse();
        read["title"] = "A new title";

        var response = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);

        (await response.Content.ReadAsStringAsync(_ct)).ShouldContain("A new title");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("html,text")]
    [InlineData("text")]
    [InlineData("markdown,html")]
    public async Task Every_Formats_ETag_Of_The_Current_Version_Matches_And_A_Stale_One_Does_Not(string formats)
    {
        var (editor, url, _) = await ArticleAsync();
        var (_, etag) = await GetAsync(editor, $"{url}?formats={formats}");
        var (full, _) = await GetAsync(editor, url);
        api.Time.Advance(TimeSpan.FromMinutes(1));

        (await editor.Client.PutJsonAsync(url, full.ToJsonString(), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await editor.Client.PutJsonAsync(url, full.ToJsonString(), etag)).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Put_Delete_And_Actions_Take_The_Slug()
    {
        var (editor, url, slug) = await ArticleAsync();
        var bySlug = $"/api/v1/articles/{slug}";
        var (read, etag) = await GetAsync(editor, bySlug);
        read["subtitle"] = "Edited by slug";

        var put = await editor.Client.PutJsonAsync(bySlug, read.ToJsonString(), etag);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{bySlug}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{bySlug}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, current) = await GetAsync(editor, url);
        (await editor.Client.DeleteAsync(bySlug, current)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{bySlug}/restore")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(editor, url)).Article["subtitle"]!.GetValue<string>().ShouldBe("Edited by slug");
    }

    [Fact]
    public async Task Write_To_An_Unknown_Slug_Returns_404_Naming_The_Slug()
    {
        var editor = await api.EditorAsync();
        var problem = await (await editor.Client.PostJsonAsync("/api/v1/articles/no-such-article/publish")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().ShouldBe("No article with slug 'no-such-article'.");
    }

    [Theory]
    [InlineData("authors")]
    [InlineData("tags")]
    [InlineData("sources")]
    public async Task Put_And_Delete_Of_Authors_Tags_And_Sources_Take_The_Slug(string resource)
    {
        var editor = await api.EditorAsync();
        var created = await (await editor.Client.PostJsonAsync($"/api/v1/{resource}",
            resource == "sources" ? new { name = $"Source {Guid.NewGuid():N}", kind = "agency" } : new { name = $"Name {Guid.NewGuid():N}" })).JsonAsync();
        var slug = created.GetProperty("slug").GetString()!;
        var url = $"/api/v1/{resource}/{slug}";
        var (read, etag) = await GetAsync(editor, url);
        var input = new JsonObject { ["name"] = read["name"]!.GetValue<string>() + " edited" };
        if (resource == "sources")
            input["kind"] = "agency";

        var put = await editor.Client.PutJsonAsync(url, input.ToJsonString(), etag);
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync(_ct));
        (await editor.Client.DeleteAsync(url, put.ETag())).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await editor.Client.GetAsync(url, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sending_Back_An_Automatic_Excerpt_With_A_New_Body_Lets_It_Follow_The_Body()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        read["excerptIsCustom"]!.GetValue<bool>().ShouldBeFalse();
        read["body"]!["markdown"] = "A wholly new first paragraph.\n\nAnd a second one.";

        var written = await (await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag)).JsonAsync();

        written.GetProperty("excerpt").GetString().ShouldBe("A wholly new first paragraph.");
        written.GetProperty("excerptIsCustom").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task An_Edited_Excerpt_Is_Written_And_Stays_When_Sent_Back()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        read["excerpt"] = "Written by hand.";
        var first = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);
        var written = JsonNode.Parse(await first.Content.ReadAsStringAsync(_ct))!.AsObject();
        written["excerptIsCustom"]!.GetValue<bool>().ShouldBeTrue();

        written["body"]!["markdown"] = "Another body.";
        var again = await (await editor.Client.PutJsonAsync(url, written.ToJsonString(), first.ETag())).JsonAsync();

        again.GetProperty("excerpt").GetString().ShouldBe("Written by hand.");
        again.GetProperty("excerptIsCustom").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task ExcerptIsCustom_Switches_An_Unchanged_Excerpt_Between_Written_And_Automatic()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        var automatic = read["excerpt"]!.GetValue<string>();
        read["excerptIsCustom"] = true;
        var frozen = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);
        var written = JsonNode.Parse(await frozen.Content.ReadAsStringAsync(_ct))!.AsObject();
        written["excerptIsCustom"]!.GetValue<bool>().ShouldBeTrue();
        written["excerpt"]!.GetValue<string>().ShouldBe(automatic);

        written["excerptIsCustom"] = false;
        written["body"]!["markdown"] = "Yet another body.";
        var back = await (await editor.Client.PutJsonAsync(url, written.ToJsonString(), frozen.ETag())).JsonAsync();

        back.GetProperty("excerptIsCustom").GetBoolean().ShouldBeFalse();
        back.GetProperty("excerpt").GetString().ShouldBe("Yet another body.");
    }

    [Fact]
    public async Task Create_With_An_Excerpt_Writes_It_And_Without_Derives_It()
    {
        var editor = await api.EditorAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var (given, _, _) = await editor.CreateArticleAsync(Requests.Article(author).With("excerpt", "Mine."));
        var (derived, _, _) = await editor.CreateArticleAsync(Requests.Article(author));

        given.GetProperty("excerptIsCustom").GetBoolean().ShouldBeTrue();
        derived.GetProperty("excerptIsCustom").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("status", "\"draft\"", "status")]
    [InlineData("publishedAt", "\"2001-01-01T00:00:00Z\"", "publishedAt")]
    [InlineData("id", "\"0193a5b0-0000-7000-8000-000000000000\"", "id")]
    [InlineData("body.html", "\"<p>Edited HTML</p>\"", "body.html")]
    [InlineData("body.text", "\"Edited text\"", "body.text")]
    public async Task Put_With_A_Changed_Read_Only_Member_That_Looks_Editable_Returns_400_Naming_It(string member, string value, string field)
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        if (member.StartsWith("body.", StringComparison.Ordinal))
            read["body"]![member[5..]] = JsonNode.Parse(value);
        else
            read[member] = JsonNode.Parse(value);

        await (await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Put_With_Changed_Derived_Members_Ignores_Them()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        read["wordCount"] = 1;
        read["readingTimeMinutes"] = 99;
        read["createdAt"] = "2000-01-01T00:00:00Z";
        read["citationsBySource"] = new JsonArray();
        read["authors"]![0]!["name"] = "Not a rename";
        read["citations"]![0]!["position"] = 7;

        var written = await (await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag)).JsonAsync();

        written.GetProperty("wordCount").GetInt32().ShouldNotBe(1);
        written.GetProperty("authors")[0].GetProperty("name").GetString().ShouldNotBe("Not a rename");
        written.GetProperty("citations")[0].GetProperty("position").GetInt32().ShouldBe(0);
    }

    [Theory]
    [InlineData("top")]
    [InlineData("author")]
    [InlineData("source")]
    public async Task Put_Of_The_Read_Shape_With_An_Unknown_Member_Still_Returns_400_Naming_It(string where)
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        var field = where switch
        {
            "top" => "titel",
            "author" => "authors[0].emial",
            _ => "citations[0].source.homepage",
        };
        switch (where)
        {
            case "top": read["titel"] = "x"; break;
            case "author": read["authors"]![0]!["emial"] = "x"; break;
            default: read["citations"]![0]!["source"]!["homepage"] = "x"; break;
        }

        await (await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag)).ShouldBeValidationProblemAsync(field);
    }

    [Fact]
    public async Task Authors_And_Tags_As_Objects_With_Only_A_Slug_Are_Resolved()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        var authorSlug = read["authors"]![1]!["slug"]!.GetValue<string>();
        read["authors"] = new JsonArray(new JsonObject { ["slug"] = authorSlug });
        read["tags"] = new JsonArray(new JsonObject { ["name"] = "Brand new tag from an object" });

        var written = await (await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag)).JsonAsync();

        written.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("slug").GetString()).ShouldBe([authorSlug]);
        written.GetProperty("tags")[0].GetProperty("name").GetString().ShouldBe("Brand new tag from an object");
    }

    [Fact]
    public async Task Delete_With_A_Json_Content_Type_And_No_Body_Returns_204()
    {
        var editor = await api.EditorAsync();
        var (_, etag, url) = await editor.CreateArticleAsync();
        var request = new HttpRequestMessage(HttpMethod.Delete, url) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentLength = 0;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        var response = await editor.Client.SendAsync(request, _ct);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(_ct));
    }

    [Fact]
    public async Task Put_Changing_Only_The_Title_Keeps_The_Relation_Rows_And_Search_Finds_The_New_Title()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        var id = read["id"]!.GetValue<Guid>();
        List<Guid> Citations(ArticlesApi.Data.ArticlesDb db) => [.. db.Citations.Where(c => c.ArticleId == id).Select(c => c.Id)];
        List<Guid> citationRows;
        await using (var db = api.Database.CreateContext())
            citationRows = Citations(db);
        read["title"] = "Zorbliquent " + read["title"]!.GetValue<string>();

        var response = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);

        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var written = JsonNode.Parse(text)!.AsObject();
        foreach (var member in new[] { "authors", "tags", "citations" })
            JsonNode.DeepEquals(written[member], read[member]).ShouldBeTrue(member);
        // The relations were not written again (a rewrite gives the citation rows new ids)…
        await using (var db = api.Database.CreateContext())
        {
            Citations(db).ShouldBe(citationRows);
            // …and the search postings follow the title (ADR 0034's side table, the RUM window's source).
            (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM article_search_postings WHERE article_id = {id} AND vector @@ searchrum_query('zorbliquent')")
                .SingleAsync(_ct)).ShouldBe(1);
        }
        var search = await (await editor.Client.GetAsync("/api/v1/articles?q=zorbliquent", _ct)).JsonAsync();
        search.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ShouldBe([id]);
    }

    [Fact]
    public async Task Put_Reordering_Authors_Adding_A_Tag_And_Editing_A_Citation_Writes_Each_Of_Them()
    {
        var (editor, url, _) = await ArticleAsync();
        var (read, etag) = await GetAsync(editor, url);
        var authors = read["authors"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        var newTag = $"Extra {Guid.NewGuid():N}"[..20];
        read["authors"] = new JsonArray([.. authors.AsEnumerable().Reverse().Select(a => (JsonNode)JsonValue.Create(a))]);
        read["tags"]!.AsArray().Add(newTag);
        read["citations"]![0]!["claim"] = "Another claim";

        var response = await editor.Client.PutJsonAsync(url, read.ToJsonString(), etag);

        var text = await response.Content.ReadAsStringAsync(_ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var (again, _) = await GetAsync(editor, url);
        foreach (var written in new[] { JsonNode.Parse(text)!.AsObject(), again })
        {
            written["authors"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ShouldBe(authors.AsEnumerable().Reverse());
            written["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Last().ShouldBe(newTag);
            written["tags"]!.AsArray().Count.ShouldBe(2);
            written["citations"]![0]!["claim"]!.GetValue<string>().ShouldBe("Another claim");
        }
    }
}
