using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("tags", t => t.HasSlugChecks("tags"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(100);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.Version).IsRowVersion();
        b.Property(x => x.PublishedArticleCount).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
        b.HasIndex(x => new { x.Name, x.Id });
        // sort=-articleCount / articleCount pages by (count, id); without it every page sorts the whole table.
        b.HasIndex(x => new { x.PublishedArticleCount, x.Id });
    }
}
