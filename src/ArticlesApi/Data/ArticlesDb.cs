using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;

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
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ContentChange> ContentChanges => Set<ContentChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("unaccent");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ArticlesDb).Assembly);
        ArticleSearch.Map(modelBuilder);
        TagNames.Map(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their lower-case names ("draft", "agency"), readable in SQL and
        // stable when members are reordered; each column also has a CHECK constraint.
        configurationBuilder.Properties<ArticleStatus>().HaveConversion<LowerCaseEnumConverter<ArticleStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<SourceKind>().HaveConversion<LowerCaseEnumConverter<SourceKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<Role>().HaveConversion<LowerCaseEnumConverter<Role>>().HaveMaxLength(16);
        configurationBuilder.Properties<ContentResource>().HaveConversion<LowerCaseEnumConverter<ContentResource>>().HaveMaxLength(16);
        configurationBuilder.Properties<ChangeKind>().HaveConversion<LowerCaseEnumConverter<ChangeKind>>().HaveMaxLength(16);
    }

    /// The last content_changes sequence this context recorded in its current transaction; read and
    /// cleared when the transaction ends (ContentChangeCommits).
    internal long? RecordedSequence { get; set; }

    /// Content writes go through SaveChangesAsync, which records them (ContentChangeLog).
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var now = StampTimes();
        if (ContentChangeLog.Of(ChangeTracker, now).Count > 0)
            throw new InvalidOperationException("Content is written with SaveChangesAsync, which records the change in content_changes.");
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// Every change to articles, authors, tags and sources is recorded in content_changes in the same
    /// transaction (one is started when none is open), before the rows themselves are written.
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var now = StampTimes();
        var changes = ContentChangeLog.Of(ChangeTracker, now);
        if (changes.Count == 0)
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (Database.CurrentTransaction is not null)
        {
            await ContentChangeLog.RecordAsync(this, changes, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await ContentChangeLog.RecordAsync(this, changes, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return saved;
    }

    DateTime StampTimes()
    {
        var now = DateTime.UtcNow;
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
