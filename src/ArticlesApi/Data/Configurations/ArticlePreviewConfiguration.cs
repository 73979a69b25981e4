using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class ArticlePreviewConfiguration : IEntityTypeConfiguration<ArticlePreview>
{
    public void Configure(EntityTypeBuilder<ArticlePreview> b)
    {
        b.ToTable("article_previews");
        // One live link per article: creating one replaces the row, revoking deletes it.
        b.HasKey(x => x.ArticleId);
        b.Property(x => x.TokenHash).HasMaxLength(32);
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<Article>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.CreatedByKeyId).OnDelete(DeleteBehavior.SetNull);
    }
}
