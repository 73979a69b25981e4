using System.Collections.Concurrent;
using System.Data.Common;
using ArticlesApi.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ArticlesApi.Tests.Infrastructure;

/// A host where a test commits a write of its own at an exact point of a request (after a given SQL
/// command of it), to see what a write that loses a race answers. The interleaving is the same on every
/// run: no sleeps, no luck.
public sealed class RaceApi : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ConcurrentCommits>();
            services.ConfigureDbContext<ArticlesDb>((sp, options) => options.AddInterceptors(sp.GetRequiredService<ConcurrentCommits>()));
        });
    }

    /// Sends a request with `secret`'s key; right after the `nth` of its SQL commands whose text contains
    /// `afterCommand` has run, `commit` writes on a connection of its own and commits.
    public async Task<HttpResponseMessage> SendWhileCommittingAsync(string secret, string afterCommand, Func<ArticlesDb, Task> commit,
        Func<HttpClient, Task<HttpResponseMessage>> send, int nth = 1)
    {
        var race = Guid.NewGuid().ToString();
        var commits = Services.GetRequiredService<ConcurrentCommits>();
        commits.Arm(race, afterCommand, nth, async () =>
        {
            await using var db = Database.CreateContext();
            await commit(db);
        });
        var client = this.ClientWithKey(secret);
        client.DefaultRequestHeaders.Add(ConcurrentCommits.Header, race);
        var response = await send(client);
        commits.Fired(race).ShouldBeTrue($"No SQL command containing '{afterCommand}' ran: the race did not happen.");
        return response;
    }

    sealed class ConcurrentCommits(IHttpContextAccessor http) : DbCommandInterceptor
    {
        public const string Header = "X-Test-Race";

        sealed class Armed(string afterCommand, int nth, Func<Task> commit)
        {
            int _seen;

            /// True once, after the nth matching command.
            public bool IsDue(string commandText) =>
                commandText.Contains(afterCommand, StringComparison.Ordinal) && Interlocked.Increment(ref _seen) == nth;

            public Task CommitAsync() => commit();
        }

        readonly ConcurrentDictionary<string, Armed> _armed = new();
        readonly ConcurrentDictionary<string, bool> _fired = new();

        public void Arm(string race, string afterCommand, int nth, Func<Task> commit) => _armed[race] = new Armed(afterCommand, nth, commit);

        public bool Fired(string race) => _fired.ContainsKey(race);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
            DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } race
                && _armed.TryGetValue(race, out var armed)
                && armed.IsDue(command.CommandText))
            {
                await armed.CommitAsync();
                _fired[race] = true;
            }
            return result;
        }
    }
}
