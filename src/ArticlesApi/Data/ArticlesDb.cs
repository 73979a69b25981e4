using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using ArticlesApi.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ArticlesApi.Data;

public sealed class ArticlesDb(DbContextOptions<ArticlesDb> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Citation> Citations => Set<Citation>();
    public DbSet<ArticleAuthor> ArticleAuthors => Set<ArticleAuthor>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<TagTranslation> TagTranslations => Set<TagTranslation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ContentChange> ContentChanges => Set<ContentChange>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<ArticlePreview> ArticlePreviews => Set<ArticlePreview>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<Correction> Corrections => Set<Correction>();
    public DbSet<MediaItem> Media => Set<MediaItem>();

    /// The application's clock (the TimeProvider registered in Program.cs), for the times this context
    /// stamps and for the data-layer helpers that are given only a context. A context made outside the
    /// application is given one, or uses the system clock (migration tooling).
    public TimeProvider Clock
    {
        get => _clock ??= this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
            ?.GetService<TimeProvider>() ?? TimeProvider.System;
        init => _clock = value;
    }

    TimeProvider? _clock;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("unaccent");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArticlesDb).Assembly);
        ArticleSearch.Map(modelBuilder);
        TagNames.Map(modelBuilder);
        TranslationGroups.Map(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their lower-case names ("draft", "agency"), readable in SQL and
        // stable when members are reordered; each column also has a CHECK constraint.
        configurationBuilder.Properties<ArticleStatus>().HaveConversion<LowerCaseEnumConverter<ArticleStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<ArticleKind>().HaveConversion<LowerCaseEnumConverter<ArticleKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<SourceKind>().HaveConversion<LowerCaseEnumConverter<SourceKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<Role>().HaveConversion<LowerCaseEnumConverter<Role>>().HaveMaxLength(16);
        configurationBuilder.Properties<ContentResource>().HaveConversion<LowerCaseEnumConverter<ContentResource>>().HaveMaxLength(16);
        configurationBuilder.Properties<ChangeKind>().HaveConversion<LowerCaseEnumConverter<ChangeKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<LowerCaseEnumConverter<DeliveryStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<CorrectionKind>().HaveConversion<LowerCaseEnumConverter<CorrectionKind>>().HaveMaxLength(16);
    }

    /// Content changes saved in the current transaction, inserted right before it commits (ContentChangeRecorder).
    internal List<ContentChange> UncommittedChanges { get; } = [];

    /// Revisions owed to the articles saved in the current transaction, inserted with the changes (ArticleRevisionLog).
    internal List<PendingRevision> UncommittedRevisions { get; } = [];

    /// The number of UncommittedChanges and UncommittedRevisions when each open savepoint was created.
    internal List<(int Changes, int Revisions)> SavepointMarks { get; } = [];

    /// The last content_changes sequence this context inserted in its current transaction; read and
    /// cleared when the transaction commits (Infrastructure/Caching/CommittedContentChanges).
    internal long? RecordedSequence { get; set; }

    bool? _recordsAtCommit;

    /// Whether ContentChangeRecorder is among this context's interceptors (DatabaseServices adds it).
    bool RecordsAtCommit => _recordsAtCommit ??=
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.Contains(ContentChangeRecorder.Instance) == true;

    /// Content writes go through SaveChangesAsync, which records them (ContentChangeLog).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var now = StampTimes();
        if (ContentChangeLog.Of(ChangeTracker, now).Count > 0)
            throw new InvalidOperationException("Content is written with SaveChangesAsync, which records the change in content_changes.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// Every change to articles, authors, tags and sources is recorded in content_changes in the same
    /// transaction (one is started when none is open): collected here, inserted right before the commit.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var now = StampTimes();
        var changes = ContentChangeLog.Of(ChangeTracker, now);
        var slugs = SlugHistory.Of(ChangeTracker);
        if (changes.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (await TranslationGroupChanges.OfAsync(this, now, cancellationToken) is { Count: > 0 } members)
            changes = [.. changes, .. members];
        var revisions = RevisionsOf(changes, now);
        // Inside an idempotent POST a transaction is already open (IdempotencyMiddleware's claim): the save
        // joins it, and the middleware commits it with the stored answer.
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        int saved;
        if (RecordsAtCommit)
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            UncommittedChanges.AddRange(changes);
            UncommittedRevisions.AddRange(revisions);
        }
        else
        {
            await ContentChangeLog.RecordAsync(this, changes, cancellationToken);
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            // Without the recorder the snapshot is taken now: relations saved later in the transaction miss it.
            await ArticleRevisionLog.InsertAsync((Npgsql.NpgsqlConnection)Database.GetDbConnection(),
                (Npgsql.NpgsqlTransaction)Database.CurrentTransaction!.GetDbTransaction(), revisions, cancellationToken);
        }
        if (slugs is not null)
            await SlugHistory.RecordAsync(this, slugs, now, cancellationToken);
        if (own is not null)
            await own.CommitAsync(cancellationToken);
        return saved;
    }

    /// One revision for each article this save writes (not for one deleted for good: its revisions go with it), by
    /// the calling key when there is one.
    List<PendingRevision> RevisionsOf(IReadOnlyList<ContentChange> changes, DateTime now)
    {
        var revisions = new List<PendingRevision>();
        Guid? keyId = null, authorId = null;
        if (this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider
                ?.GetService<IHttpContextAccessor>()?.HttpContext?.User is { } user && Caller.KeyIdOf(user) is { } key)
            (keyId, authorId) = (key, Caller.From(user).AuthorId);
        foreach (var entry in ChangeTracker.Entries<Article>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            var article = entry.Entity;
            var kind = changes.FirstOrDefault(c => c.Resource == ContentResource.Article && c.ResourceId == article.Id)?.Kind ?? ChangeKind.Updated;
            revisions.Add(new PendingRevision(article.Id, article.RevisionAction ?? RevisionActions.Of(kind), article.RevisionNote, now, keyId, authorId));
            (article.RevisionAction, article.RevisionNote) = (null, null);
        }
        return revisions;
    }

    DateTime StampTimes()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
                continue;
            if (entry.Metadata.FindProperty("UpdatedAt") is not null)
                entry.Property("UpdatedAt").CurrentValue = now;
            if (entry.State == EntityState.Added && entry.Metadata.FindProperty("CreatedAt") is not null
                && (DateTime)entry.Property("CreatedAt").CurrentValue! == default)
                entry.Property("CreatedAt").CurrentValue = now;
        }
        return now;
    }
}
