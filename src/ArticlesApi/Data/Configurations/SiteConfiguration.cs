using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

/// One row, always present (the SiteResource migration inserts it): the site is read and replaced, never
/// created or deleted.
sealed class SiteConfiguration : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> b)
    {
        b.ToTable("site", t =>
        {
            t.HasCheckConstraint("ck_site_singleton", $"id = '{Site.SingletonId}'");
            t.HasCheckConstraint("ck_site_url", "url ~ '^https?://[^/?#]+(/[^?#]*[^/?#])?$'");
            t.HasCheckConstraint("ck_site_languages", "cardinality(languages) >= 1");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.LogoUrl).HasMaxLength(2048);
        b.Property(x => x.ArticleUrlTemplate).HasMaxLength(500);
        b.Property(x => x.NewsPublicationName).HasMaxLength(200);
        b.Property(x => x.Version).IsRowVersion();
    }
}
