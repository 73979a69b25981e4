using ArticlesApi.Infrastructure.Resilience;
using ArticlesApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ArticlesApi.Tests.Features.Resilience;

/// A write whose connection breaks between two of its statements (the server restarted): Npgsql completes the
/// transaction, and the write's next statement fails with "Transaction is already completed". That is the database
/// being away (503, retry), not a bug (500): scripts/outage-test.sh met it as a 500 once.
public sealed class BrokenTransactionTests
{
    readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_Statement_After_A_Broken_Connection_In_A_Transaction_Counts_As_The_Database_Being_Unavailable()
    {
        await using var database = await TestDatabase.CreateEmptyAsync("broken-transaction");
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(_ct);
        var backend = await db.Database.SqlQuery<int>($"SELECT pg_backend_pid() AS \"Value\"").SingleAsync(_ct);

        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.OpenAsync(_ct);
            await using var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({backend}, 5000)", admin);
            await terminate.ExecuteScalarAsync(_ct);
        }
        // The first statement meets the broken connection; the next one the completed transaction.
        await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlAsync($"SELECT 1", _ct));
        var next = await Should.ThrowAsync<InvalidOperationException>(() => db.Database.ExecuteSqlAsync($"SELECT 1", _ct));

        next.Message.ShouldBe("Transaction is already completed");
        DatabaseFailures.IsUnavailable(next).ShouldBeTrue();
        DatabaseFailures.IsUnavailable(new InvalidOperationException("Sequence contains no elements")).ShouldBeFalse();
    }
}
