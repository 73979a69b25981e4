using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

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
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their lower-case names ("draft", "agency"), readable in SQL and
        // stable when members are reordered; each column also has a CHECK constraint.
        configurationBuilder.Properties<ArticleStatus>().HaveConversion<LowerCaseEnumConverter<ArticleStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<SourceKind>().HaveConversion<LowerCaseEnumConverter<SourceKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<Role>().HaveConversion<LowerCaseEnumConverter<Role>>().HaveMaxLength(16);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTimes();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTimes();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    void StampTimes()
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
    }
}
