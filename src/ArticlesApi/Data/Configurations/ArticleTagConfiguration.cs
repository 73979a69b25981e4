using ArticlesApi.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ArticlesApi.Data.Configurations;

sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> b)
    {
        b.ToTable("article_tags");
        b.HasKey(x => new { x.ArticleId, x.TagId });
        b.HasIndex(x => new { x.TagId, x.ArticleId });
        b.HasOne(x => x.Article).WithMany(a => a.Tags).HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Tag).WithMany(t => t.Articles).HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}
