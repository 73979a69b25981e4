using ArticlesApi.Data;
using ArticlesApi.Domain;
using ArticlesApi.Features.Media.Storage;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Resilience;
using Npgsql;
using NpgsqlTypes;

namespace ArticlesApi.Features.Articles;

/// The stored HTML and text of an article are rendered when it is written: a fix to the rendering or
/// sanitizing rules (ArticleBody.CurrentRendererVersion) reaches existing articles only by rendering them
/// again. After start-up (migrations are applied before hosted services start) this renders every body of
/// an older version, in batches of BatchSizeSetting articles, one transaction each, in id order: HTML, text,
/// word count and reading time. Not updated_at (the article as written did not change) and not the
/// excerpt: it is stored as one field, so a written excerpt cannot be told from one derived from the
/// body, and a derived one is plain text anyway. Each re-rendered article is an `updated` content change
/// (its HTML changed), recorded in the batch's transaction; after each batch the response cache's
/// generation advances, so this process serves the new HTML at once (other replicas at their next poll).
///
/// Replicas starting together: each batch takes a transaction-scoped advisory lock (the API keeps no
/// session state on pooled connections, ADR 0010); a replica that finds it taken leaves the work to the
/// holder, which goes on to the end. A body that the current rules refuse (ArticleBody.Problem: deeper
/// nesting or more elements than a write may have now) or that fails to render is stored as escaped text
/// (ArticleBody.AsEscapedText) with the current version, so it is not tried again at every start, and
/// only its id is logged.
///
/// The `media:{id}` images of a batch's bodies are loaded as every write loads them (ArticleMedia.ForBodiesAsync), so a
/// re-rendered image keeps its source, sizes and alt text.
public sealed class BodyRerendering(NpgsqlDataSource dataSource, ContentGeneration content, IConfiguration configuration,
    BodyContext bodyContext, IServiceScopeFactory scopes, IMediaStorage mediaStorage, TimeProvider time, ILogger<BodyRerendering> logger)
    : BackgroundService
{
    public const string EnabledSetting = "BodyRerendering:Enabled";
    public const string BatchSizeSetting = "BodyRerendering:BatchSize";

    const long LockKey = 0x4172_7469_6272_6e64;
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    /// A batch renders and writes up to BatchSize bodies (500 KB of Markdown each at most, re-indexed by
    /// PostgreSQL as they are written): far beyond the request bound of 5 s.
    const int BatchCommandTimeoutSeconds = 600;

    readonly TaskCompletionSource<int> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _rerendered;

    /// Completes when this process has nothing more to re-render (or left it to another replica), with the
    /// number of articles it re-rendered; faults if the job stopped on an error.
    public Task<int> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(EnabledSetting, true))
        {
            _completion.TrySetResult(0);
            return;
        }
        var batchSize = Math.Max(1, configuration.GetValue(BatchSizeSetting, 500));
        while (true)
        {
            try
            {
                await RerenderAsync(batchSize, stoppingToken);
                _completion.TrySetResult(_rerendered);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                _completion.TrySetCanceled(stoppingToken);
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsUnavailable(e))
            {
                logger.LogWarning("Article bodies not re-rendered yet, trying again in {Seconds} s: {Error}",
                    RetryDelay.TotalSeconds, e.GetBaseException().Message);
            }
            catch (Exception e)
            {
                // Never fatal to the host: the API serves the stored HTML meanwhile, and the next start tries again.
                logger.LogError(e, "Re-rendering article bodies stopped after {Count} articles", _rerendered);
                _completion.TrySetException(e);
                return;
            }
            try
            {
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                _completion.TrySetCanceled(stoppingToken);
                return;
            }
        }
    }

    async Task RerenderAsync(int batchSize, CancellationToken ct)
    {
        var after = Guid.Empty;
        var started = _rerendered;
        var refused = 0;
        var start = time.GetTimestamp();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (!await TryLockAsync(connection, ct))
            {
                logger.LogInformation("Another instance is re-rendering article bodies");
                return;
            }
            var batch = await ReadBatchAsync(connection, after, batchSize, ct);
            if (batch.Count == 0)
                break;
            if (_rerendered == started)
                logger.LogInformation("Re-rendering article bodies older than renderer version {Version}", ArticleBody.CurrentRendererVersion);

            BodyContext context;
            await using (var scope = scopes.CreateAsyncScope())
                context = await ArticleMedia.ForBodiesAsync(scope.ServiceProvider.GetRequiredService<ArticlesDb>(), mediaStorage, bodyContext,
                    batch.Select(b => b.Markdown), ct);
            var bodies = new List<(Guid Id, ArticleBody Body)>(batch.Count);
            foreach (var (id, markdown, _) in batch)
            {
                ct.ThrowIfCancellationRequested();
                if (Render(id, markdown, context) is { } body)
                    bodies.Add((id, body));
                else
                {
                    refused++;
                    bodies.Add((id, ArticleBody.AsEscapedText(markdown)));
                }
            }
            await WriteBatchAsync(connection, bodies, ct);
            // Last, right before the commit (ContentChangeLog.CommitOrderLock).
            var sequence = await ContentChangeLog.InsertAsync(connection, transaction, [.. batch.Select(b => b.Change)], ct);
            await transaction.CommitAsync(ct);
            content.Committed(sequence);
            _rerendered += batch.Count;
            after = batch[^1].Id;
        }
        if (_rerendered > started)
        {
            var seconds = time.GetElapsedTime(start).TotalSeconds;
            logger.LogInformation("Re-rendered {Count} article bodies ({Refused} stored as escaped text) in {Seconds:F1} s, {Rate:F0} per second",
                _rerendered - started, refused, seconds, (_rerendered - started) / Math.Max(seconds, 0.001));
        }
    }

    ArticleBody? Render(Guid id, string markdown, BodyContext context)
    {
        try
        {
            if (ArticleBody.TryRender(markdown, context) is { } body)
                return body;
            logger.LogWarning("Article {ArticleId}: the current rules refuse its body; stored as escaped text", id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only the id and the kind of failure: an exception's message may quote the body.
            logger.LogWarning("Article {ArticleId}: its body failed to render ({Exception}); stored as escaped text", id, e.GetType().Name);
        }
        return null;
    }

    static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// Locked until the batch commits: an edit meanwhile waits, then finds the row changed (412) and reads again.
    /// With each body, the content change that re-rendering it is (visibility unchanged, as of now).
    async Task<List<(Guid Id, string Markdown, ContentChange Change)>> ReadBatchAsync(NpgsqlConnection connection, Guid after, int limit,
        CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT id, body_markdown, slug, status, published_at, deleted_at FROM articles
            WHERE body_renderer_version < $1 AND id > $2
            ORDER BY id
            LIMIT $3
            FOR UPDATE
            """, connection) { CommandTimeout = BatchCommandTimeoutSeconds };
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ArticleBody.CurrentRendererVersion });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var now = time.GetUtcNow().UtcDateTime;
        var rows = new List<(Guid, string, ContentChange)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            var isPublic = ArticleVisibility.IsPublic(Enum.Parse<ArticleStatus>(reader.GetString(3), ignoreCase: true),
                reader.IsDBNull(4) ? null : reader.GetDateTime(4), reader.IsDBNull(5) ? null : reader.GetDateTime(5), now);
            rows.Add((id, reader.GetString(1), new ContentChange
            {
                At = now, Resource = ContentResource.Article, ResourceId = id, Slug = reader.GetString(2), Kind = ChangeKind.Updated,
                WasPublic = isPublic, IsPublic = isPublic,
            }));
        }
        return rows;
    }

    static async Task WriteBatchAsync(NpgsqlConnection connection, List<(Guid Id, ArticleBody Body)> bodies, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE articles AS a
            SET body_html = u.html, body_text = u.text, word_count = u.words, reading_time_minutes = u.minutes,
                body_renderer_version = $6, body_media = u.media::uuid[]
            FROM unnest($1, $2, $3, $4, $5, $7) AS u(id, html, text, words, minutes, media)
            WHERE a.id = u.id
            """, connection) { CommandTimeout = BatchCommandTimeoutSeconds };
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = bodies.Select(b => b.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = bodies.Select(b => b.Body.Html).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = bodies.Select(b => b.Body.Text).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = bodies.Select(b => b.Body.WordCount()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = bodies.Select(b => b.Body.ReadingTimeMinutes()).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = ArticleBody.CurrentRendererVersion });
        // One array per row: as array literals ('{…}'), since unnest would flatten an array of arrays.
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = bodies.Select(b => "{" + string.Join(',', b.Body.Media) + "}").ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(ct);
    }
}

public static class BodyRerenderingSetup
{
    /// Registered once as itself, so tests can await its Completion, and as the hosted service.
    public static IServiceCollection AddBodyRerendering(this IServiceCollection services)
    {
        services.AddSingleton(sp => BodyContext.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<BodyRerendering>();
        return services.AddHostedService(sp => sp.GetRequiredService<BodyRerendering>());
    }
}
