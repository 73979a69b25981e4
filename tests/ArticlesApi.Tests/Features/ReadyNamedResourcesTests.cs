using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.ReadyNamed;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Features.Articles;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features;

/// The public reads of one author, tag or source from their ready-made representations (Features/ReadyNamed): the
/// same bytes, ETag and headers as the query path's (ReadyMade:NamedResources=false), over the sample newsroom and
/// after writes, renames, schedule changes, a change of the site's URL and writes behind the API's back.
public sealed class ReadyNamedResourcesTests(ReadyMadeApi api) : IClassFixture<ReadyMadeApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    readonly HttpClient _ready = api.CreateClient();

    static readonly string[] Kinds = ["authors", "tags", "sources"];

    /// The same API on the same database and clock, reading authors, tags and sources by their query path.
    HttpClient QueryPath() => api.WithWebHostBuilder(b => b.UseSetting(ReadyNamedResources.EnabledSetting, "false"))
        .CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    HttpClient Ready() => api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    Task<long> CatchUpAsync() => api.Services.GetRequiredService<ReadySummaryWorker>().CatchUpAsync(_ct, wait: true);

    /// Each of `paths` read anonymously from both paths: same status, bytes, ETag, 304 and caching headers.
    async Task SameAsync(params string[] paths)
    {
        using var queried = QueryPath();
        using var ready = Ready();
        foreach (var path in paths)
        {
            var url = $"/api/v1/{path}";
            using var fromReady = await ready.GetAsync(url, _ct);
            using var fromQuery = await queried.GetAsync(url, _ct);
            fromReady.StatusCode.ShouldBe(fromQuery.StatusCode, url);
            Header(fromReady, "Location").ShouldBe(Header(fromQuery, "Location"), url);
            if (fromReady.StatusCode != HttpStatusCode.OK)
                continue;
            var readyBytes = await fromReady.Content.ReadAsByteArrayAsync(_ct);
            var queryBytes = await fromQuery.Content.ReadAsByteArrayAsync(_ct);
            Encoding.UTF8.GetString(readyBytes).ShouldBe(Encoding.UTF8.GetString(queryBytes), url);
            readyBytes.ShouldBe(queryBytes);
            foreach (var header in new[] { "ETag", "Surrogate-Key", "Cache-Tag", "Cache-Control", "Vary", "Content-Type" })
                Header(fromReady, header).ShouldBe(Header(fromQuery, header), $"{header} of {url}");
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", fromQuery.ETag());
            (await ready.SendAsync(conditional, _ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified, url);
        }
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : null;

    /// Every author, tag and source (as staff list them) by id and by slug.
    async Task<string[]> EveryReadAsync(Caller staff)
    {
        var paths = new List<string>();
        foreach (var kind in Kinds)
        {
            var url = $"/api/v1/{kind}?limit=100";
            while (true)
            {
                var page = await (await staff.Client.GetAsync(url, _ct)).JsonAsync();
                foreach (var item in page.GetProperty("data").EnumerateArray())
                    paths.AddRange([$"{kind}/{item.GetProperty("id").GetGuid()}", $"{kind}/{item.GetProperty("slug").GetString()}"]);
                if (page.GetProperty("meta").GetProperty("nextCursor").GetString() is not { } next)
                    break;
                url = $"/api/v1/{kind}?limit=100&cursor={Uri.EscapeDataString(next)}";
            }
        }
        return [.. paths];
    }

    async Task<int> ExecuteAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        var changed = await command.ExecuteNonQueryAsync(_ct);
        // Written behind the API's back: its response cache is told, as a commit would tell it.
        api.Services.GetRequiredService<ContentGeneration>().Advance();
        return changed;
    }

    async Task<long> ToRenderAsync(params Guid[] ids)
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand(ids.Length == 0
            ? "SELECT count(*) FROM named_resources_ready WHERE doc IS NULL"
            : "SELECT count(*) FROM named_resources_ready WHERE id = ANY($1) AND doc IS NULL", connection);
        if (ids.Length > 0)
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
        return (long)(await command.ExecuteScalarAsync(_ct))!;
    }

    [Fact]
    public async Task Every_Sample_Author_Tag_And_Source_Reads_The_Same_Bytes_Ready_Made_By_Id_And_By_Slug()
    {
        await CatchUpAsync();
        (await ToRenderAsync()).ShouldBe(0);
        var paths = await EveryReadAsync(await api.EditorAsync());
        paths.Length.ShouldBeGreaterThan(20);
        await SameAsync([.. paths, "authors/no-such-author", "tags/no-such-tag", "sources/no-such-source", $"tags/{Guid.NewGuid()}"]);
    }

    [Fact]
    public async Task A_Read_Is_Served_From_Its_Ready_Row_And_A_Row_To_Render_Sends_It_To_The_Query_Path()
    {
        await CatchUpAsync();
        var author = (await (await _ready.GetAsync("/api/v1/authors?limit=1", _ct)).JsonAsync()).GetProperty("data")[0];
        var id = author.GetProperty("id").GetGuid();
        var name = JsonSerializer.Serialize(author.GetProperty("name").GetString());
        var marked = "\"" + new string('z', Encoding.UTF8.GetByteCount(name) - 2) + "\"";
        // Same length: the stored offsets of the url and the count stay right.
        (await ExecuteAsync("UPDATE named_resources_ready SET doc = convert_to(replace(convert_from(doc, 'UTF8'), $1, $2), 'UTF8') WHERE id = $3",
            name, marked, id)).ShouldBe(1);
        (await _ready.GetStringAsync($"/api/v1/authors/{id}", _ct)).ShouldContain($"\"name\":{marked}");

        await ExecuteAsync("UPDATE named_resources_ready SET doc = NULL WHERE id = $1", id);
        (await _ready.GetStringAsync($"/api/v1/authors/{id}", _ct)).ShouldContain($"\"name\":{name}");
        await CatchUpAsync();
        (await ToRenderAsync(id)).ShouldBe(0);
        await SameAsync($"authors/{id}");
    }

    [Fact]
    public async Task After_Writes_Renames_Schedule_Changes_And_A_New_Site_Url_Every_Read_Is_Still_The_Query_Paths_Answer()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var random = new Random(20);
        var authorCreated = await editor.Client.PostJsonAsync("/api/v1/authors", new { name = $"Ready Res {Guid.NewGuid():N}"[..20], email = "res@example.com" });
        var author = (await authorCreated.JsonAsync()).GetProperty("id").GetGuid();
        var source = await editor.NewSourceIdAsync();
        var tag = $"readyres {Guid.NewGuid().ToString("N")[..8]}";
        var tagSlug = tag.Replace(' ', '-');
        // Rendered in the transaction that created them.
        (await ToRenderAsync(author, source)).ShouldBe(0);
        var reads = new[] { $"authors/{author}", $"sources/{source}", $"tags/{tagSlug}" };
        await SameAsync(reads);

        var urls = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var body = Requests.Article(author.ToString()).With("tags", new[] { tag })
                .With("citations", new[] { new { source = source.ToString(), claim = "It was said." }, new { source = source.ToString(), claim = "Twice." } });
            var (_, _, url) = await editor.CreateArticleAsync(body);
            urls.Add(url);
            await editor.PublishNowEarlierOrLaterAsync(url, i, random, api.Time.GetUtcNow().UtcDateTime);
            await SameAsync(reads);
        }
        (await (await _ready.GetAsync($"/api/v1/authors/{author}", _ct)).JsonAsync()).GetProperty("articleCount").GetInt32().ShouldBe(6);

        // An unpublish, a trash, a reschedule to the past.
        (await editor.Client.PostJsonAsync($"{urls[0]}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var trashed = await editor.Client.GetAsync(urls[1], _ct);
        (await editor.Client.DeleteAsync(urls[1], trashed.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{urls[2]}/publish", new { publishAt = api.Time.GetUtcNow().UtcDateTime.AddDays(-3).ToString("O") }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        await SameAsync(reads);

        // Scheduled articles count from their time on, with no job run.
        var before = (await (await _ready.GetAsync($"/api/v1/tags/{tagSlug}", _ct)).JsonAsync()).GetProperty("articleCount").GetInt32();
        api.Time.Advance(TimeSpan.FromMinutes(90));
        await SameAsync(reads);
        api.Time.Advance(TimeSpan.FromMinutes(100));
        await SameAsync(reads);
        (await (await _ready.GetAsync($"/api/v1/tags/{tagSlug}", _ct)).JsonAsync()).GetProperty("articleCount").GetInt32().ShouldBeGreaterThan(before);

        // Renames (new slugs: the old ones redirect), links, translations, a description.
        var authorNow = await editor.Client.GetAsync($"/api/v1/authors/{author}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/authors/{author}", new
        {
            name = "Renamed Ready Res", slug = $"renamed-{author:N}", email = "res@example.com",
            links = new[] { new { label = "Mastodon", url = "https://example.social/@res" } },
        }, authorNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tagNow = await editor.Client.GetAsync($"/api/v1/tags/{tagSlug}", _ct);
        var tagId = (await tagNow.JsonAsync()).GetProperty("id").GetGuid();
        (await editor.Client.PutJsonAsync($"/api/v1/tags/{tagSlug}", new
        {
            name = $"{tag} renamed", slug = $"{tagSlug}-renamed",
            translations = new Dictionary<string, object> { ["en"] = new { name = "Ready", description = "In English" }, ["fr"] = new { name = "Prêt" } },
        }, tagNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sourceNow = await editor.Client.GetAsync($"/api/v1/sources/{source}", _ct);
        (await editor.Client.PutJsonAsync($"/api/v1/sources/{source}", new { name = "Renamed source", kind = "media", description = "Ready ✓ <b>\"quoted\"</b>" },
            sourceNow.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ToRenderAsync(author, source, tagId)).ShouldBe(0);
        reads = [.. reads, $"authors/renamed-{author:N}", $"tags/{tagSlug}-renamed", $"tags/{tagId}", "sources/renamed-source"];
        await SameAsync(reads);
        (await _ready.GetStringAsync($"/api/v1/authors/{author}", _ct)).ShouldNotContain("res@example.com");
        (await editor.Client.GetStringAsync($"/api/v1/authors/{author}", _ct)).ShouldContain("res@example.com");

        // The site's URL: in every url, with nothing re-rendered.
        var site = await admin.Client.GetAsync("/api/v1/site", _ct);
        var settings = JsonNode.Parse(await site.Content.ReadAsStringAsync(_ct))!.AsObject();
        settings["url"] = "https://ready.example.org/news/";
        (await admin.Client.PutJsonAsync("/api/v1/site", settings.ToJsonString(), site.ETag())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _ready.GetStringAsync($"/api/v1/tags/{tagId}", _ct)).ShouldContain("https://ready.example.org/news/tags/");
        await SameAsync(reads);

        // Written behind the API's back: emptied by the triggers, answered by the query path until rendered.
        await ExecuteAsync("UPDATE authors SET bio = 'Written with SQL' WHERE id = $1", author);
        await ExecuteAsync("INSERT INTO tag_translations (tag_id, language, name) VALUES ($1, 'de', 'Fertig')", tagId);
        (await ToRenderAsync(author, tagId)).ShouldBe(2);
        (await _ready.GetStringAsync($"/api/v1/authors/{author}", _ct)).ShouldContain("Written with SQL");
        await SameAsync(reads);
        await CatchUpAsync();
        (await ToRenderAsync()).ShouldBe(0);
        await SameAsync(reads);

        // An article write changes the stored counts, not the stored docs.
        (await editor.Client.PostJsonAsync($"{urls[0]}/publish", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ToRenderAsync(author, source, tagId)).ShouldBe(0);
        await SameAsync(reads);

        // Deleted: no row, the query path's 404.
        var deletable = await editor.NewSourceIdAsync();
        var deletableNow = await editor.Client.GetAsync($"/api/v1/sources/{deletable}", _ct);
        (await editor.Client.DeleteAsync($"/api/v1/sources/{deletable}", deletableNow.ETag())).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NoContent);
        (await ExecuteAsync("DELETE FROM named_resources_ready WHERE id = $1", deletable)).ShouldBe(0);
        await SameAsync($"sources/{deletable}");
    }

    /// Text that does not compress: random letters and spaces.
    static string Incompressible(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(i => i % 9 == 8 ? ' ' : (char)('a' + random.Next(26)))]);

    static string LongUrl(Random random) => $"https://example.com/{Incompressible(random, 2000).Replace(' ', '-')}";

    [Fact]
    public async Task The_Largest_Author_Tag_And_Source_The_Validators_Allow_Are_Written_And_Read_Ready_Made()
    {
        var editor = await api.EditorAsync();
        var random = new Random(2048);
        var author = await editor.Client.PostJsonAsync("/api/v1/authors", new
        {
            name = Incompressible(random, 200), bio = Incompressible(random, 10000), email = "largest@example.com",
            avatarUrl = LongUrl(random), websiteUrl = LongUrl(random), location = Incompressible(random, 200),
            links = Enumerable.Range(0, 20).Select(_ => new { label = Incompressible(random, 100), url = LongUrl(random) }).ToArray(),
        });
        author.StatusCode.ShouldBe(HttpStatusCode.Created, await author.Content.ReadAsStringAsync(_ct));
        var authorId = (await author.JsonAsync()).GetProperty("id").GetGuid();
        var languages = new[] { "en", "fr", "de", "es", "pt", "nl", "sv", "da", "fi", "pl", "cs", "el", "hu", "ro", "bg", "hr", "sk", "sl", "lt", "lv",
            "et", "mt", "ga", "tr", "ru", "uk", "ar", "he", "ja", "zh", "ko", "hi", "id", "ms", "th", "vi", "fa", "ur", "bn", "ta", "te", "sw", "is", "no",
            "ca", "eu", "gl", "sq", "sr", "mk" };
        var tag = await editor.Client.PostJsonAsync("/api/v1/tags", new
        {
            name = Incompressible(random, 100), description = Incompressible(random, 2000),
            translations = languages.ToDictionary(l => l, _ => new { name = Incompressible(random, 100), description = Incompressible(random, 2000) }),
        });
        tag.StatusCode.ShouldBe(HttpStatusCode.Created, await tag.Content.ReadAsStringAsync(_ct));
        var tagJson = await tag.JsonAsync();
        var tagId = tagJson.GetProperty("id").GetGuid();
        var source = await editor.Client.PostJsonAsync("/api/v1/sources", new
        {
            name = Incompressible(random, 200), kind = "agency", websiteUrl = LongUrl(random), country = "IT", description = Incompressible(random, 2000),
        });
        source.StatusCode.ShouldBe(HttpStatusCode.Created, await source.Content.ReadAsStringAsync(_ct));
        var sourceId = (await source.JsonAsync()).GetProperty("id").GetGuid();
        (await ToRenderAsync(authorId, tagId, sourceId)).ShouldBe(0);
        // The tag is read by the public once a published article carries it.
        var tagName = tagJson.GetProperty("name").GetString()!;
        var (_, _, article) = await editor.CreateArticleAsync(Requests.Article(authorId.ToString()).With("tags", new[] { tagName }));
        (await editor.Client.PostJsonAsync($"{article}/publish", new { })).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SameAsync($"authors/{authorId}", $"tags/{tagId}", $"sources/{sourceId}");
        (await _ready.GetAsync($"/api/v1/tags/{tagId}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
