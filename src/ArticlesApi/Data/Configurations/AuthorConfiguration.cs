using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class AuthorConfiguration : IEntityTypeConfiguration<Author>
{
    public void Configure(EntityTypeBuilder<Author> b)
    {
        b.ToTable("authors", t => t.HasSlugChecks("authors"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Slug).HasMaxLength(Slug.MaxLength);
        b.HasIndex(x => x.Slug).IsUnique();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Bio).HasMaxLength(10000);
        b.Property(x => x.Email).HasMaxLength(320);
        b.Property(x => x.AvatarUrl).HasMaxLength(2048);
        b.Property(x => x.WebsiteUrl).HasMaxLength(2048);
        b.Property(x => x.Location).HasMaxLength(200);
        b.Property(x => x.Version).IsRowVersion();
        b.Property(x => x.PublishedArticleCount).HasDefaultValue(0).ValueGeneratedOnAddOrUpdate();
        b.OwnsMany(x => x.Links, links => links.ToJson("links"));
        b.HasIndex(x => new { x.Name, x.Id });
        // sort=-articleCount / articleCount pages by (count, id); without it every page sorts the whole table.
        b.HasIndex(x => new { x.PublishedArticleCount, x.Id });
    }
}
