using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Tests.Features.Foundation;

public sealed class MigrationTests
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrations_Apply_To_An_Empty_Database_And_Match_The_Model()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("migrate");
        await using var db = database.CreateContext();

        var all = db.Database.GetMigrations().ToList();
        all.ShouldNotBeEmpty("EF found no migrations: check that every EF package has the same version");
        (await db.Database.GetAppliedMigrationsAsync(_ct)).ShouldBeEmpty();

        await db.Database.MigrateAsync(_ct);

        (await db.Database.GetAppliedMigrationsAsync(_ct)).ShouldBe(all);
        (await db.Database.GetPendingMigrationsAsync(_ct)).ShouldBeEmpty();
        db.Database.HasPendingModelChanges().ShouldBeFalse("the model has changes that no migration captures");
        (await db.Articles.CountAsync(_ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Migrations_Enforce_Constrained_Values_In_The_Database()
    {
        await using var database = await TestDatabase.CreateMigratedAsync("constraints");
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(_ct);

        var badKind = new NpgsqlCommand(
            "INSERT INTO sources (id, slug, name, kind, created_at, updated_at) VALUES (gen_random_uuid(), 'x', 'X', 'rumour', now(), now())",
            connection);
        var error = await Should.ThrowAsync<PostgresException>(() => badKind.ExecuteNonQueryAsync(_ct));
        error.ConstraintName.ShouldBe("ck_sources_kind");

        var badSlug = new NpgsqlCommand(
            "INSERT INTO tags (id, slug, name, created_at, updated_at) VALUES (gen_random_uuid(), 'Not A Slug', 'X', now(), now())",
            connection);
        (await Should.ThrowAsync<PostgresException>(() => badSlug.ExecuteNonQueryAsync(_ct))).ConstraintName.ShouldBe("ck_tags_slug");
    }
}
