using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

/// Written only by SlugHistory (in the write's transaction); read by SlugRedirects.
sealed class OldSlugConfiguration : IEntityTypeConfiguration<OldSlug>
{
    public void Configure(EntityTypeBuilder<OldSlug> b)
    {
        b.ToTable("slug_history", t =>
        {
            // The four resources read by slug (not the site, which content_changes also names).
            t.HasCheckConstraint("ck_slug_history_resource", "resource IN ('article', 'author', 'tag', 'source')");
            t.HasSlugChecks("slug_history");
        });
        // A read of /{resource}/{slug} looks up exactly this key.
        b.HasKey(x => new { x.Resource, x.Slug });
        b.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
        // A deleted resource's history goes with it.
        b.HasIndex(x => x.ResourceId);
    }
}
