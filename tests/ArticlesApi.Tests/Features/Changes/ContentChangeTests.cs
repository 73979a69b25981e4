using System.Net;
using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Articles;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ArticlesApi.Tests.Features.Changes;

/// Every write records what it changed in content_changes, in its own transaction (docs/decisions/0017).
/// The tests of this class share its database, so each looks only at the rows of the resources it made.
public sealed class ContentChangeTests(FakeClockApi api) : IClassFixture<FakeClockApi>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    static string Unique() => Guid.NewGuid().ToString("N")[..10];

    /// The recorded changes of these resources, in sequence order, as "resource kind slug".
    async Task<List<string>> ChangesOfAsync(params Guid[] ids)
    {
        await using var db = api.Database.CreateContext();
        return await db.ContentChanges.AsNoTracking()
            .Where(c => ids.Contains(c.ResourceId))
            .OrderBy(c => c.Sequence)
            .Select(c => $"{c.Resource.ToString().ToLower()} {c.Kind.ToString().ToLower()} {c.Slug}")
            .ToListAsync(_ct);
    }

    async Task<List<ContentChange>> RowsOfAsync(Guid id)
    {
        await using var db = api.Database.CreateContext();
        return await db.ContentChanges.AsNoTracking().Where(c => c.ResourceId == id).OrderBy(c => c.Sequence).ToListAsync(_ct);
    }

    static async Task<(Guid Id, string Slug, string ETag)> CreatedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var json = await response.JsonAsync();
        return (json.GetProperty("id").GetGuid(), json.GetProperty("slug").GetString()!, response.ETag());
    }

    async Task<string> ETagAsync(Caller caller, string url) => (await caller.Client.GetAsync(url, _ct)).ETag();

    [Fact]
    public async Task Creating_An_Article_With_A_New_Tag_Records_The_Tag_Then_The_Article()
    {
        var editor = await api.EditorAsync();
        var tagName = $"spine {Unique()}";
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("tags", new[] { tagName });

        var (id, slug, _) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles", body));

        await using var db = api.Database.CreateContext();
        var tag = await db.Tags.AsNoTracking().SingleAsync(t => t.Name == tagName, _ct);
        (await ChangesOfAsync(id, tag.Id)).ShouldBe([$"tag created {tag.Slug}", $"article created {slug}"]);
        var article = (await RowsOfAsync(id)).Single();
        (article.WasPublic, article.IsPublic).ShouldBe((false, false), "a draft");
    }

    [Fact]
    public async Task Each_Article_Write_Records_One_Change_Of_Its_Kind_In_Order()
    {
        var editor = await api.EditorAsync();
        var admin = await api.AdminAsync();
        var author = (await editor.NewAuthorIdAsync()).ToString();
        var body = Requests.Article(author);
        var (id, slug, etag) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles", body));
        var url = $"/api/v1/articles/{id}";

        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var newTag = $"spine {Unique()}";
        var renamed = $"spine-renamed-{Unique()}";
        var updated = await editor.Client.PutJsonAsync(url, body.With("slug", renamed).With("tags", new[] { newTag }), await ETagAsync(editor, url));
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.AddDays(1) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = api.Now.AddDays(-1) })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.DeleteAsync(url, await ETagAsync(editor, url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await editor.Client.PostJsonAsync($"{url}/restore")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.DeleteAsync(url, await ETagAsync(editor, url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await admin.Client.DeleteAsync($"{url}?permanent=true", "*")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await using var db = api.Database.CreateContext();
        var tag = await db.Tags.AsNoTracking().SingleAsync(t => t.Name == newTag, _ct);
        (await ChangesOfAsync(id, tag.Id)).ShouldBe([
            $"article created {slug}",
            $"article published {slug}",
            // The update writes the article row first (its row version decides between concurrent writers), then its relations.
            $"article updated {renamed}",
            $"tag created {tag.Slug}",
            $"article unpublished {renamed}",
            $"article scheduled {renamed}",
            $"article published {renamed}",
            $"article deleted {renamed}",
            $"article restored {renamed}",
            $"article deleted {renamed}",
            $"article deleted {renamed}",
        ]);
        (await RowsOfAsync(id)).Select(c => (c.WasPublic, c.IsPublic)).ShouldBe([
            (false, false), (false, true), (true, true), (true, false), (false, false), (false, true),
            (true, false), (false, true), (true, false), (false, false),
        ]);
        etag.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("authors", "author", """{"name":"Spine Person"}""")]
    [InlineData("tags", "tag", """{"name":"Spine Tag"}""")]
    [InlineData("sources", "source", """{"name":"Spine Source","kind":"agency"}""")]
    public async Task Creating_Replacing_And_Deleting_A_Named_Resource_Records_Each(string path, string resource, string json)
    {
        var editor = await api.EditorAsync();
        var slug = $"spine-{Unique()}";
        var renamed = $"{slug}-renamed";
        var withSlug = json.Replace("\"name\":\"", $"\"slug\":\"{slug}\",\"name\":\"{slug} ");
        var (id, _, etag) = await CreatedAsync(await editor.Client.PostJsonAsync($"/api/v1/{path}", withSlug));
        var url = $"/api/v1/{path}/{id}";

        (await editor.Client.PutJsonAsync(url, withSlug.Replace(slug, renamed), etag)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await editor.Client.DeleteAsync(url, await ETagAsync(editor, url))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await ChangesOfAsync(id)).ShouldBe([$"{resource} created {slug}", $"{resource} updated {renamed}", $"{resource} deleted {renamed}"]);
        (await RowsOfAsync(id)).ShouldAllBe(c => c.WasPublic == null && c.IsPublic == null);
    }

    [Fact]
    public async Task A_Refused_Write_Records_Nothing()
    {
        var editor = await api.EditorAsync();
        var contributor = await api.CallerAsync(Role.Contributor);
        var (id, _, etag) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article(contributor.AuthorId!.Value.ToString())));
        var url = $"/api/v1/articles/{id}";
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await editor.Client.PutJsonAsync(url, Requests.Article(contributor.AuthorId.Value.ToString()), etag))
            .StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await contributor.Client.PostJsonAsync($"{url}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await editor.Client.PostJsonAsync($"{url}/publish", new { publishAt = "yesterday" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var takenSlug = (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Spine {Unique()}", slug = $"spine-{Unique()}" })).Headers.Location!;
        var tag = (await (await editor.Client.GetAsync(takenSlug, _ct)).JsonAsync()).GetProperty("slug").GetString();
        (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = $"Spine {Unique()}", slug = tag })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        (await ChangesOfAsync(id)).Count.ShouldBe(2, "created and published only");
        await using var db = api.Database.CreateContext();
        (await db.ContentChanges.CountAsync(c => c.Slug == tag, _ct)).ShouldBe(1, "the first tag's creation only");
    }

    [Fact]
    public async Task An_Idempotent_Replay_And_An_Idempotent_Refusal_Record_Nothing_More()
    {
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var key = Guid.NewGuid().ToString();

        var (id, slug, _) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles", body, key));
        (await editor.Client.PostJsonAsync("/api/v1/articles", body, key)).Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        var refused = await editor.Client.SendJsonAsync(HttpMethod.Post, $"/api/v1/articles/{id}/publish", new { }, ifMatch: "\"stale\"",
            idempotencyKey: Guid.NewGuid().ToString());
        refused.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);

        (await ChangesOfAsync(id)).ShouldBe([$"article created {slug}"]);
    }

    [Fact]
    public async Task A_Rolled_Back_Or_Failed_Save_Records_Nothing()
    {
        var rolledBack = new Tag { Name = $"Spine {Unique()}", Slug = $"spine-{Unique()}" };
        await using (var db = api.Database.CreateContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(_ct);
            db.Tags.Add(rolledBack);
            await db.SaveChangesAsync(_ct);
            (await db.ContentChanges.CountAsync(c => c.ResourceId == rolledBack.Id, _ct)).ShouldBe(1, "inside the transaction");
            await transaction.RollbackAsync(_ct);
        }

        var existing = new Tag { Name = $"Spine {Unique()}", Slug = $"spine-{Unique()}" };
        var clash = new Tag { Name = $"Spine {Unique()}", Slug = existing.Slug };
        await using (var db = api.Database.CreateContext())
        {
            db.Tags.Add(existing);
            await db.SaveChangesAsync(_ct);
        }
        await using (var db = api.Database.CreateContext())
        {
            db.Tags.Add(clash);
            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(_ct));
        }

        (await ChangesOfAsync(rolledBack.Id, clash.Id)).ShouldBeEmpty();
        (await ChangesOfAsync(existing.Id)).ShouldBe([$"tag created {existing.Slug}"]);
    }

    [Fact]
    public async Task Changes_Saved_After_A_Savepoint_That_Is_Rolled_Back_To_Are_Not_Recorded()
    {
        // As the API's contexts are built: changes are inserted right before the commit.
        var options = new DbContextOptionsBuilder<ArticlesDb>()
            .UseNpgsql(api.Database.ConnectionString).UseSnakeCaseNamingConvention()
            .AddInterceptors(ContentChangeRecorder.Instance).Options;
        var dropped = new Tag { Name = $"Spine {Unique()}", Slug = $"spine-{Unique()}" };
        var kept = new Tag { Name = $"Spine {Unique()}", Slug = $"spine-{Unique()}" };
        await using (var db = new ArticlesDb(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(_ct);
            await transaction.CreateSavepointAsync("endpoint", _ct);
            db.Tags.Add(dropped);
            await db.SaveChangesAsync(_ct);
            await transaction.RollbackToSavepointAsync("endpoint", _ct);
            db.ChangeTracker.Clear();
            db.Tags.Add(kept);
            await db.SaveChangesAsync(_ct);
            (await db.ContentChanges.CountAsync(c => c.ResourceId == kept.Id, _ct)).ShouldBe(0, "not before the commit");
            await transaction.CommitAsync(_ct);
        }

        (await ChangesOfAsync(dropped.Id, kept.Id)).ShouldBe([$"tag created {kept.Slug}"]);
    }

    [Fact]
    public async Task Content_Changes_Cannot_Be_Rewritten()
    {
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);
        foreach (var sql in new[] { "UPDATE content_changes SET slug = 'x'", "DELETE FROM content_changes", "TRUNCATE content_changes" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var error = await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync(_ct));
            error.SqlState.ShouldBe(PostgresErrorCodes.RestrictViolation, sql);
        }
    }

    [Fact]
    public async Task A_Scheduled_Article_Records_Scheduled_Then_Published_At_Its_Time()
    {
        var editor = await api.EditorAsync();
        var (id, slug, _) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles",
            Requests.Article((await editor.NewAuthorIdAsync()).ToString())));
        (await editor.Client.PostJsonAsync($"/api/v1/articles/{id}/publish", new { publishAt = api.Now.AddDays(1) }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        // Its time comes: no write, the clock passes it.
        api.Time.Advance(TimeSpan.FromDays(1));

        await using var db = api.Database.CreateContext();
        (await ScheduledPublication.PromoteDueAsync(db, _ct)).ShouldBeGreaterThanOrEqualTo(1);
        (await ScheduledPublication.PromoteDueAsync(db, _ct)).ShouldBe(0);

        (await ChangesOfAsync(id)).ShouldBe([$"article created {slug}", $"article scheduled {slug}", $"article published {slug}"]);
        var published = (await RowsOfAsync(id))[^1];
        published.At.ShouldBe((await db.Articles.AsNoTracking().SingleAsync(a => a.Id == id, _ct)).PublishedAt!.Value);
        (published.WasPublic, published.IsPublic).ShouldBe((false, true));
    }

    /// A host of its own reads (caching for ten minutes, polling only when the test calls PollAsync); the
    /// class's host, another instance on the same database, writes.
    WebApplicationFactory<Program> Reader() => api.WithWebHostBuilder(b => b
        .UseSetting("Caching:ResponseSeconds", "600")
        .UseSetting("Caching:ChangePollMilliseconds", "0"));

    static Task PollAsync(WebApplicationFactory<Program> reader) =>
        reader.Services.GetRequiredService<ContentChangePoller>().PollAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_Write_Through_Another_Instance_Shows_On_This_Instances_Cached_Reads()
    {
        await using var reader = Reader();
        var anonymous = reader.CreateClient();
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var (id, _, _) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles", body));
        var url = $"/api/v1/articles/{id}";
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetStringAsync(url, _ct)).ShouldContain((string)body["title"]!);
        var title = $"Seen elsewhere {Unique()}";

        (await editor.Client.PutJsonAsync(url, body.With("title", title), await ETagAsync(editor, url))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var beforePoll = await anonymous.GetStringAsync(url, _ct);
        await PollAsync(reader);

        beforePoll.ShouldNotContain(title, customMessage: "cached until the poll");
        (await anonymous.GetStringAsync(url, _ct)).ShouldContain(title);
    }

    [Fact]
    public async Task A_Change_Committed_By_Another_Process_Without_Any_Notification_Shows_On_The_Next_Poll()
    {
        await using var reader = Reader();
        var anonymous = reader.CreateClient();
        var editor = await api.EditorAsync();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString());
        var (id, slug, _) = await CreatedAsync(await editor.Client.PostJsonAsync("/api/v1/articles", body));
        var url = $"/api/v1/articles/{id}";
        (await editor.Client.PostJsonAsync($"{url}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetStringAsync(url, _ct)).ShouldContain((string)body["title"]!);
        var title = $"Written by a script {Unique()}";

        // Another process (or this one, crashing right after its commit): the data and its change row, nothing else.
        await using (var connection = new NpgsqlConnection(api.Database.ConnectionString))
        {
            await connection.OpenAsync(_ct);
            await using var transaction = await connection.BeginTransactionAsync(_ct);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("UPDATE articles SET title = $2, updated_at = now() WHERE id = $1")
                    {
                        Parameters = { new NpgsqlParameter<Guid> { TypedValue = id }, new NpgsqlParameter<string> { TypedValue = title } },
                    },
                    new NpgsqlBatchCommand("""
                        INSERT INTO content_changes (at, resource, resource_id, slug, kind, was_public, is_public)
                        VALUES (now(), 'article', $1, $2, 'updated', true, true)
                        """)
                    {
                        Parameters = { new NpgsqlParameter<Guid> { TypedValue = id }, new NpgsqlParameter<string> { TypedValue = slug } },
                    },
                },
            };
            await batch.ExecuteNonQueryAsync(_ct);
            await transaction.CommitAsync(_ct);
        }
        var beforePoll = await anonymous.GetStringAsync(url, _ct);
        await PollAsync(reader);

        beforePoll.ShouldNotContain(title, customMessage: "cached until the poll");
        (await anonymous.GetStringAsync(url, _ct)).ShouldContain(title);
    }
}
