using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> b)
    {
        b.ToTable("sources", t =>
        {
            t.HasCheckConstraint("ck_sources_kind", $"kind IN ({LowerCaseEnumConverter<SourceKind>.SqlValues()})");
            t.HasCheckConstraint("ck_sources_country", "country ~ '^[A-Z]{2}$'");
            t.HasSlugChecks("sources");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        // Named `url` before the API called it websiteUrl (its `url` became the front-end page): the column kept its name.
        b.Property(x => x.WebsiteUrl).HasColumnName("url").HasMaxLength(2048);
        b.Property(x => x.Country).HasMaxLength(2).IsFixedLength();
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Version).IsRowVersion();
        b.Property(x => x.PublishedArticleCount).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
        b.HasIndex(x => new { x.Name, x.Id });
        // sort=-articleCount / articleCount pages by (count, id); without it every page sorts the whole table.
        b.HasIndex(x => new { x.PublishedArticleCount, x.Id });
    }
}
