using ArticlesApi.Domain;
using ArticlesApi.Tests.Infrastructure;
using Npgsql;

namespace ArticlesApi.Tests.Features.Articles;

/// The visibility rule has one C# form (ArticleVisibility.Public) and one SQL form (the function
/// article_is_public, migration OneVisibilityRule); they must agree on every state an article can be in.
public sealed class ArticleVisibilityTests : IAsyncLifetime
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync("visibility");

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    public static TheoryData<ArticleStatus, bool, string> States()
    {
        var states = new TheoryData<ArticleStatus, bool, string>();
        foreach (var status in Enum.GetValues<ArticleStatus>())
            foreach (var trashed in new[] { false, true })
                foreach (var publishedAt in new[] { "past", "now", "future", "null" })
                    states.Add(status, trashed, publishedAt);
        return states;
    }

    [Theory]
    [MemberData(nameof(States))]
    public async Task The_CSharp_Rule_And_The_Sql_Function_Agree(ArticleStatus status, bool trashed, string publishedAt)
    {
        DateTime? published = publishedAt switch
        {
            "past" => Now.AddMinutes(-1),
            "now" => Now,
            "future" => Now.AddMinutes(1),
            _ => null,
        };
        DateTime? deletedAt = trashed ? Now.AddDays(-1) : null;

        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand("SELECT article_is_public($1, $2, $3, $4)", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.ToString().ToLowerInvariant() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)deletedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)published ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = Now });
        var inSql = await command.ExecuteScalarAsync(_ct);

        inSql.ShouldBeOfType<bool>("never null: a WHERE and a trigger read it alike");
        inSql.ShouldBe(ArticleVisibility.IsPublic(status, published, deletedAt, Now));
    }
}
