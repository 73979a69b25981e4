using System.Net;
using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace ArticlesApi.Tests.Features.Security;

/// URLs take an id or a slug. A slug shaped like a UUID let an author's article answer another
/// article's id URL once that one was unpublished: slugs can never be read as ids.
public sealed class SlugIdentityTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// The spellings of an id that Guid.TryParse reads and a slug could hold.
    static string[] IdSpellings(Guid id) => [id.ToString(), id.ToString("N"), "0x" + id.ToString()[2..]];

    [Fact]
    public async Task An_Author_Cannot_Give_An_Article_Another_Articles_Id_As_Slug()
    {
        var victim = await api.CallerAsync(Role.Author);
        var (article, _, victimUrl) = await victim.CreateArticleAsync();
        var victimId = article.GetProperty("id").GetGuid();
        (await victim.Client.PostJsonAsync($"{victimUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await victim.Client.PostJsonAsync($"{victimUrl}/unpublish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var attacker = await api.CallerAsync(Role.Author);
        var (own, ownETag, ownUrl) = await attacker.CreateArticleAsync();
        var body = Requests.Article(attacker.AuthorId!.Value.ToString());
        foreach (var slug in IdSpellings(victimId))
        {
            await (await attacker.Client.PostJsonAsync("/api/v1/articles", body.With("slug", slug))).ShouldBeValidationProblemAsync("slug");
            await (await attacker.Client.PutJsonAsync(ownUrl, body.With("slug", slug), ownETag)).ShouldBeValidationProblemAsync("slug");
        }
        (await attacker.Client.PostJsonAsync($"{ownUrl}/publish")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var anonymous = api.CreateClient();
        foreach (var key in IdSpellings(victimId).Take(2))
            await (await anonymous.GetAsync($"/api/v1/articles/{key}", _ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not-found");
        (await anonymous.GetAsync($"/api/v1/articles/{own.GetProperty("slug").GetString()}", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("authors")]
    [InlineData("tags")]
    [InlineData("sources")]
    public async Task A_Slug_Shaped_Like_An_Id_Is_Refused_And_Id_Urls_Answer_The_Resource_With_That_Id(string resource)
    {
        var editor = await api.EditorAsync();
        object Body(string? slug = null) => resource == "sources"
            ? new { name = $"Fonte {Guid.NewGuid():N}", kind = "agency", slug }
            : new { name = $"Nome {Guid.NewGuid():N}", slug };
        var victim = await editor.Client.PostJsonAsync($"/api/v1/{resource}", Body());
        var victimId = (await victim.JsonAsync()).GetProperty("id").GetGuid();
        var other = await editor.Client.PostJsonAsync($"/api/v1/{resource}", Body());

        foreach (var slug in IdSpellings(victimId).Append(Guid.NewGuid().ToString()))
        {
            await (await editor.Client.PostJsonAsync($"/api/v1/{resource}", Body(slug))).ShouldBeValidationProblemAsync("slug");
            await (await editor.Client.PutJsonAsync(other.Headers.Location!.ToString(), Body(slug), other.ETag())).ShouldBeValidationProblemAsync("slug");
        }

        var read = await (await editor.Client.GetAsync($"/api/v1/{resource}/{victimId}", _ct)).JsonAsync();
        read.GetProperty("id").GetGuid().ShouldBe(victimId);
    }

    [Fact]
    public async Task A_Title_Or_Name_Shaped_Like_An_Id_Gives_A_Slug_That_Is_Not_One()
    {
        var editor = await api.EditorAsync();
        var title = Guid.NewGuid().ToString();
        var body = Requests.Article((await editor.NewAuthorIdAsync()).ToString()).With("title", title);

        var (article, _, _) = await editor.CreateArticleAsync(body);
        var tag = await (await editor.Client.PostJsonAsync("/api/v1/tags", new { name = Guid.NewGuid().ToString("N") })).JsonAsync();

        article.GetProperty("slug").GetString().ShouldBe(title + "-1");
        Guid.TryParse(tag.GetProperty("slug").GetString(), out _).ShouldBeFalse();
        (await editor.Client.GetAsync($"/api/v1/articles/{title}-1", _ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_Database_Refuses_A_Slug_Shaped_Like_An_Id_In_Every_Table()
    {
        var editor = await api.EditorAsync();
        var author = await editor.NewAuthorIdAsync();
        var (article, _, _) = await editor.CreateArticleAsync(Requests.Article(author.ToString()).With("tags", new[] { $"Tag {Guid.NewGuid():N}" }));
        var rows = new Dictionary<string, Guid>
        {
            ["articles"] = article.GetProperty("id").GetGuid(),
            ["authors"] = author,
            ["tags"] = article.GetProperty("tags")[0].GetProperty("id").GetGuid(),
            ["sources"] = await editor.NewSourceIdAsync(),
        };
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync(_ct);

        foreach (var (table, id) in rows)
        foreach (var slug in IdSpellings(Guid.NewGuid()))
        {
            await using var update = new NpgsqlCommand($"UPDATE {table} SET slug = $1 WHERE id = $2", connection)
            {
                Parameters = { new NpgsqlParameter { Value = slug }, new NpgsqlParameter { Value = id } },
            };
            (await Should.ThrowAsync<PostgresException>(() => update.ExecuteNonQueryAsync(_ct))).ConstraintName.ShouldBe($"ck_{table}_slug_not_id");
        }
    }

    [Fact]
    public async Task Migrating_Renames_Slugs_Shaped_Like_Ids_And_Tag_Names_That_Look_Alike()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("slugs");
        await using (var db = database.CreateContext())
            await db.GetService<IMigrator>().MigrateAsync("20261129043754_SearchLanguageMarker", _ct);
        var (hyphens, digits) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString("N"));
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(_ct);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO tags (id, slug, name, created_at, updated_at) VALUES
                    (gen_random_uuid(), $1, 'Uno', now(), now()),
                    (gen_random_uuid(), $1 || '-1', 'Due', now(), now()),
                    (gen_random_uuid(), 'esteri', 'Esteri', now() - interval '1 day', now()),
                    (gen_random_uuid(), 'esteri-2', 'ESTERI', now(), now()),
                    (gen_random_uuid(), 'esteri-3', chr(1045) || 'steri', now() + interval '1 second', now())
                """, connection)
            {
                Parameters = { new NpgsqlParameter { Value = hyphens } },
            };
            await insert.ExecuteNonQueryAsync(_ct);
            await using var author = new NpgsqlCommand(
                "INSERT INTO authors (id, slug, name, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'Anna', now(), now())", connection)
            {
                Parameters = { new NpgsqlParameter { Value = digits } },
            };
            await author.ExecuteNonQueryAsync(_ct);
        }

        await using (var db = database.CreateContext())
        {
            await db.Database.MigrateAsync(_ct);
            (await db.Tags.Where(t => t.Name == "Uno").Select(t => t.Slug).SingleAsync(_ct)).ShouldBe(hyphens + "-2");
            (await db.Authors.Select(a => a.Slug).SingleAsync(_ct)).ShouldBe(digits + "-1");
            (await db.Tags.Where(t => t.Slug.StartsWith("esteri")).OrderBy(t => t.Slug).Select(t => t.Name).ToListAsync(_ct))
                .ShouldBe(["Esteri", "ESTERI (2)", "\u0415steri (3)"]);
        }
    }
}
