using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace ArticlesApi.Data.Configurations;

sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.ToTable("articles", t =>
        {
            t.HasCheckConstraint("ck_articles_status", $"status IN ({LowerCaseEnumConverter<ArticleStatus>.SqlValues()})");
            t.HasCheckConstraint("ck_articles_published_has_date", "status IN ('draft', 'archived') OR published_at IS NOT NULL");
            t.HasSlugChecks("articles");
            t.HasCheckConstraint("ck_articles_kind", $"kind IN ({LowerCaseEnumConverter<ArticleKind>.SqlValues()})");
        });
        b.HasKey(a => a.Id);
        b.Property(a => a.Slug).HasMaxLength(Slug.MaxLength);
        b.HasIndex(a => a.Slug).IsUnique();
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Subtitle).HasMaxLength(500);
        b.Property(a => a.Excerpt).HasMaxLength(1000);
        b.Property(a => a.Language).HasMaxLength(35);
        b.Property(a => a.CanonicalUrl).HasMaxLength(2048);
        b.Property(a => a.Version).IsRowVersion();
        // One article per language in a translation group, whoever writes at the same time.
        b.HasIndex(a => new { a.TranslationGroupId, a.Language }).IsUnique()
            .HasFilter("translation_group_id IS NOT NULL AND deleted_at IS NULL")
            .HasDatabaseName(TranslationGroups.OneLanguageIndex);
        b.Ignore(a => a.RevisionAction);
        b.Ignore(a => a.RevisionNote);

        b.OwnsOne(a => a.Body, body =>
        {
            body.Property(x => x.Markdown).HasColumnName("body_markdown");
            body.Property(x => x.Html).HasColumnName("body_html");
            body.Property(x => x.Text).HasColumnName("body_text");
            body.Property(x => x.RendererVersion).HasColumnName("body_renderer_version");
            // What BodyRerendering looks for at every start: with all rows current, a glance at this index.
            body.HasIndex(x => x.RendererVersion).HasDatabaseName("ix_articles_body_renderer_version");
            // The articles whose body shows a media item (MediaAccess.UsedBy: `body_media @> ARRAY[id]`).
            body.Property(x => x.Media).HasColumnName("body_media").HasDefaultValueSql("'{}'::uuid[]");
            body.HasIndex(x => x.Media).HasMethod("gin").HasDatabaseName("ix_articles_body_media");
        });
        b.Navigation(a => a.Body).IsRequired();

        // Three nullable columns, always an object in C# (a complex type, not an owned entity that is null when all are).
        b.ComplexProperty(a => a.Seo, seo =>
        {
            seo.Property(x => x.MetaTitle).HasColumnName("seo_meta_title").HasMaxLength(ArticleSeo.MaxMetaTitleLength);
            seo.Property(x => x.MetaDescription).HasColumnName("seo_meta_description").HasMaxLength(ArticleSeo.MaxMetaDescriptionLength);
            seo.Property(x => x.OgImage).HasColumnName("seo_og_image").HasMaxLength(2048);
        });

        b.OwnsOne(a => a.FeatureImage, image =>
        {
            image.Property(x => x.Url).HasColumnName("feature_image_url").HasMaxLength(2048);
            image.Property(x => x.Alt).HasColumnName("feature_image_alt").HasMaxLength(500);
            image.Property(x => x.Caption).HasColumnName("feature_image_caption").HasMaxLength(1000);
            image.Property(x => x.Credit).HasColumnName("feature_image_credit").HasMaxLength(MediaItem.MaxCreditLength);
            image.Property(x => x.MediaId).HasColumnName("feature_image_media_id");
            image.Property(x => x.MediaDetails).HasColumnName("feature_image_media_details").HasColumnType("jsonb");
            // A media item that is a feature image cannot be deleted (DELETE /media/{id} answers 409 first).
            image.HasOne<MediaItem>().WithMany().HasForeignKey(x => x.MediaId).OnDelete(DeleteBehavior.Restrict);
            image.HasIndex(x => x.MediaId).HasDatabaseName("ix_articles_feature_image_media_id");
        });

        // The public front page: newest published first, trash excluded; id breaks ties for keyset paging.
        b.HasIndex(a => new { a.PublishedAt, a.Id })
            .IsDescending(true, true)
            .HasFilter("deleted_at IS NULL AND status IN ('published', 'scheduled')")
            .HasDatabaseName("ix_articles_public_published_at");
        b.HasIndex(a => new { a.UpdatedAt, a.Id }).IsDescending(true, true);
        // Public lists and searches by last change: without the drafts, the rows edited last (at 1M a bulk import's 29,901 drafts
        // changed at one instant were read before the public articles changed before them: ADR 0034, "2026-12-07 morning, updateswalk").
        b.HasIndex(a => new { a.UpdatedAt, a.Id }, "ix_articles_public_updated_at_id")
            .IsDescending(true, true)
            .HasFilter("deleted_at IS NULL AND status IN ('published', 'scheduled')")
            .HasDatabaseName("ix_articles_public_updated_at_id");
        b.HasIndex(a => new { a.Language, a.PublishedAt });

        // Full-text search: a stored vector in the article's own language (see ArticleSearch and the
        // ArticleSearch migration, which creates the configurations and functions it uses).
        b.Property<NpgsqlTsVector>(ArticleSearch.VectorProperty)
            .HasComputedColumnSql(ArticleSearch.VectorSql, stored: true);
        // Its GIN index is on an expression, the vector plus a marker of its language's configuration,
        // which EF Core cannot model: the SearchLanguageMarker migration creates it.

        // Public lists sorted by title.
        b.HasIndex(a => new { a.Title, a.Id })
            .HasFilter("deleted_at IS NULL AND status IN ('published', 'scheduled')")
            .HasDatabaseName("ix_articles_public_title");
        b.HasIndex(a => new { a.Status, a.PublishedAt });
    }
}
